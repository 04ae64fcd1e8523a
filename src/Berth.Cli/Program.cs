using Berth.Cli;

// berth talks to berthd over a unix socket and drives termios and POSIX signals: it is a Linux program.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

return await BerthCommandLine.RunAsync(args);
