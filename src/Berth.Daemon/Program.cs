using System.CommandLine;
using Berth.Daemon.Hosting;

// The host handles SIGTERM and SIGINT itself (graceful shutdown, exit 0); System.CommandLine must not race it.
return await DaemonCommandLine.Build(BerthDaemon.RunAsync).Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
