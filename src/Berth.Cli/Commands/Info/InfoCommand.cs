using System.CommandLine;
using System.Text;
using System.Text.Json;
using Berth.Api;
using Berth.Cli.Formatting;

namespace Berth.Cli.Commands.Info;

/// <summary><c>berth info</c>: the daemon's system-wide information, in docker's layout.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var format = new Option<string?>("--format", "-f") { Description = "Format output using a custom template" };
        var command = new Command("info", "Display system-wide information") { format };
        CliCommand.SetHandler(command, async (parse, cli, ct) =>
        {
            var info = await cli.Client.InfoAsync(ct);
            if (parse.GetValue(format) is { } template)
            {
                var element = JsonSerializer.SerializeToElement(info, ApiJsonContext.Default.SystemInfo);
                await cli.Out.WriteLineAsync(template == "json" ? element.GetRawText() : GoTemplate.Parse(GoTemplate.PreprocessEscapes(template)).Execute(element));
                return 0;
            }
            var text = new StringBuilder();
            text.AppendLine("Server:");
            text.AppendLine($" Containers: {info.Containers}");
            text.AppendLine($"  Running: {info.ContainersRunning}");
            text.AppendLine($"  Paused: {info.ContainersPaused}");
            text.AppendLine($"  Stopped: {info.ContainersStopped}");
            text.AppendLine($" Images: {info.Images}");
            text.AppendLine($" Server Version: {info.ServerVersion}");
            text.AppendLine($" Storage Driver: {info.Driver}");
            text.AppendLine($" Logging Driver: {info.LoggingDriver}");
            text.AppendLine($" Cgroup Driver: {info.CgroupDriver}");
            text.AppendLine($" Cgroup Version: {info.CgroupVersion}");
            text.AppendLine($" Runtimes: {string.Join(' ', info.Runtimes.Keys.Order(StringComparer.Ordinal))}");
            text.AppendLine($" Default Runtime: {info.DefaultRuntime}");
            text.AppendLine(" Security Options:");
            foreach (var option in info.SecurityOptions) text.AppendLine($"  {option.Replace("name=", "").Replace(",profile=", "\n   Profile: ")}");
            text.AppendLine($" Kernel Version: {info.KernelVersion}");
            text.AppendLine($" Operating System: {info.OperatingSystem}");
            text.AppendLine($" OSType: {info.OSType}");
            text.AppendLine($" Architecture: {info.Architecture}");
            text.AppendLine($" CPUs: {info.NCPU}");
            text.AppendLine($" Total Memory: {HumanUnits.BytesSize(info.MemTotal)}");
            text.AppendLine($" Name: {info.Name}");
            text.AppendLine($" ID: {info.ID}");
            text.AppendLine($" Docker Root Dir: {info.DockerRootDir}");
            text.AppendLine($" Debug Mode: {(info.Debug ? "true" : "false")}");
            await cli.Out.WriteAsync(text.ToString());
            foreach (var warning in info.Warnings) await cli.Error.WriteLineAsync(warning);
            return 0;
        });
        return command;
    }
}
