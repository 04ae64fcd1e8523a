using System.CommandLine;
using Berth.Api.Models;
using Berth.Cli.Commands.Container.Parsing;

namespace Berth.Cli.Commands.Volume;

/// <summary><c>berth volume create [OPTIONS] [VOLUME]</c>: prints the volume's name (a new anonymous one's when none is given).</summary>
internal static class VolumeCreateCommand
{
    public static Command Create()
    {
        var driver = new Option<string>("--driver", "-d") { Description = "Specify volume driver name", DefaultValueFactory = _ => "local" };
        var labels = new Option<string[]>("--label") { Description = "Set metadata for a volume" };
        var options = new Option<string[]>("--opt", "-o") { Description = "Set driver specific options" };
        var nameOption = new Option<string?>("--name") { Description = "Specify volume name", Hidden = true };
        var name = new Argument<string?>("VOLUME") { Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("create", "Create a volume") { driver, labels, options, nameOption, name };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var positional = parse.GetValue(name);
            var flag = parse.GetValue(nameOption);
            if (!string.IsNullOrEmpty(positional) && !string.IsNullOrEmpty(flag))
                throw new CliUsageException("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
            var driverOptions = Labels.ToMap(parse.GetValue(options) ?? []);
            var volumeLabels = Labels.ToMap((parse.GetValue(labels) ?? []).Select(Labels.Validate));
            var volume = await cli.Client.CreateVolumeAsync(new VolumeCreateRequest
            {
                Name = string.IsNullOrEmpty(positional) ? flag ?? "" : positional,
                Driver = parse.GetValue(driver),
                // Absent rather than empty, as docker sends them: inspect then shows null, as for docker's volumes.
                DriverOpts = driverOptions.Count > 0 ? driverOptions : null,
                Labels = volumeLabels.Count > 0 ? volumeLabels : null,
            }, ct);
            await cli.Out.WriteLineAsync(volume.Name);
            return 0;
        });
        return command;
    }
}
