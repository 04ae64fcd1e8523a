// A build runs containers and writes owners and modes into Linux root filesystems.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
