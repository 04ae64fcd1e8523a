// The CLI is a Linux program (unix socket, termios, POSIX signals), and so are its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
