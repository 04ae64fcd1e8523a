// berthd runs on Linux only: unix sockets, file modes, flock and the kernel features it drives.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
