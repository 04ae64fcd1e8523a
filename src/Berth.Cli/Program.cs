using Berth.Cli;

return await BerthCommandLine.RunAsync(args);
