// Containers are a Linux kernel feature: everything here reads /proc, /sys and Linux paths.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
