using System.CommandLine;
using Berth.RegistryHost;

// The host handles SIGTERM and SIGINT itself (graceful shutdown, exit 0); System.CommandLine must not race it.
return await RegistryCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
