using System.Globalization;
using Berth.Dockerfile;
using Berth.Dockerfile.Instructions;
using Berth.Oci;

namespace Berth.Build.Steps;

/// <summary>
/// The instructions that change only the image config (ENV, LABEL, CMD, ENTRYPOINT, EXPOSE, VOLUME, USER,
/// WORKDIR, STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER): each gives a new config and the history text
/// BuildKit writes for it (an empty-layer entry).
/// </summary>
internal static class ConfigInstructions
{
    /// <summary>The shell of shell-form commands when the image sets none.</summary>
    public static readonly IReadOnlyList<string> DefaultShell = ["/bin/sh", "-c"];

    public sealed record Result(ImageConfig Image, string CreatedBy, bool CmdSet);

    /// <param name="instruction">Expanded already.</param>
    /// <param name="cmdSet">Whether this stage set CMD itself: ENTRYPOINT clears an inherited CMD, not one set here.</param>
    public static Result? Apply(Instruction instruction, ImageConfig image, bool cmdSet)
    {
        var config = image.Config ?? new ContainerConfig();
        (ContainerConfig Config, string CreatedBy)? change = instruction switch
        {
            EnvInstruction env => (config with { Env = WithEnv(config.Env, env.Variables) }, "ENV " + string.Join(' ', env.Variables.Select(v => $"{v.Key}={v.Value}"))),
            LabelInstruction label => (config with { Labels = WithLabels(config.Labels, label.Labels) }, "LABEL " + string.Join(' ', label.Labels.Select(v => $"{v.Key}={v.Value}"))),
            CmdInstruction cmd => (config with { Cmd = Command(cmd.Command, config.Shell) }, "CMD " + GoStrings(Command(cmd.Command, config.Shell))),
            EntrypointInstruction entrypoint => (config with { Entrypoint = Command(entrypoint.Command, config.Shell), Cmd = cmdSet ? config.Cmd : null },
                "ENTRYPOINT " + GoStrings(Command(entrypoint.Command, config.Shell))),
            ExposeInstruction expose => Expose(config, expose),
            VolumeInstruction volume => (config with { Volumes = WithKeys(config.Volumes, volume.Volumes) }, "VOLUME " + GoList(volume.Volumes)),
            UserInstruction user => (config with { User = user.User }, "USER " + user.User),
            WorkdirInstruction workdir => WorkingDirectory(config, workdir),
            StopSignalInstruction signal => (config with { StopSignal = signal.Signal }, "STOPSIGNAL " + signal.Signal),
            HealthcheckInstruction health => (config with { Healthcheck = Health(health.Health) }, "HEALTHCHECK " + HealthText(health.Health)),
            ShellInstruction shell => (config with { Shell = [.. shell.Shell] }, "SHELL " + GoList(shell.Shell)),
            OnbuildInstruction onbuild => (config with { OnBuild = [.. config.OnBuild ?? [], onbuild.Expression] }, "ONBUILD " + onbuild.Expression),
            MaintainerInstruction maintainer => (config, "MAINTAINER " + maintainer.Maintainer),
            _ => null,
        };
        if (change is not var (newConfig, createdBy)) return null;
        var author = instruction is MaintainerInstruction m ? m.Maintainer : image.Author;
        return new Result(image with { Config = newConfig, Author = author }, createdBy, cmdSet || instruction is CmdInstruction);
    }

    /// <summary>What RUN, CMD or ENTRYPOINT runs: the shell around a shell-form command, the argv of an exec-form one.</summary>
    public static List<string> Command(CommandLine command, IReadOnlyList<string>? shell) =>
        command.IsShellForm ? [.. shell ?? DefaultShell, .. command.Args] : [.. command.Args];

    /// <summary>The image's working directory after <c>WORKDIR path</c>: a relative path continues the current one.</summary>
    public static string ResolveWorkdir(string? current, string path) =>
        path.StartsWith('/') ? Dockerfile.Ignore.CleanPath.Clean(path) : Dockerfile.Ignore.CleanPath.Clean("/" + (current ?? "/") + "/" + path);

    private static (ContainerConfig, string) WorkingDirectory(ContainerConfig config, WorkdirInstruction workdir)
    {
        var path = ResolveWorkdir(config.WorkingDir, workdir.Path);
        return (config with { WorkingDir = path }, "WORKDIR " + path);
    }

    private static (ContainerConfig, string) Expose(ContainerConfig config, ExposeInstruction expose)
    {
        var ports = expose.Ports.Select(p => p.Contains('/') ? p.ToLowerInvariant() : p + "/tcp").ToList();
        return (config with { ExposedPorts = WithKeys(config.ExposedPorts, ports) },
            "EXPOSE map[" + string.Join(' ', ports.Order(StringComparer.Ordinal).Select(p => p + ":{}")) + "]");
    }

    private static List<string> WithEnv(IReadOnlyList<string>? env, IEnumerable<KeyValue> variables)
    {
        var result = (env ?? []).ToList();
        foreach (var variable in variables)
        {
            var index = result.FindIndex(e => e.Split('=', 2)[0] == variable.Key);
            var entry = $"{variable.Key}={variable.Value}";
            if (index >= 0) result[index] = entry;
            else result.Add(entry);
        }
        return result;
    }

    private static Dictionary<string, string> WithLabels(Dictionary<string, string>? labels, IEnumerable<KeyValue> added)
    {
        var result = new Dictionary<string, string>(labels ?? [], StringComparer.Ordinal);
        foreach (var label in added) result[label.Key] = label.Value;
        return result;
    }

    private static Dictionary<string, EmptyObject> WithKeys(Dictionary<string, EmptyObject>? map, IEnumerable<string> keys)
    {
        var result = new Dictionary<string, EmptyObject>(map ?? [], StringComparer.Ordinal);
        foreach (var key in keys) result[key] = new EmptyObject();
        return result;
    }

    private static HealthConfig Health(HealthcheckConfig health) => new()
    {
        Test = [.. health.Test],
        Interval = Nanoseconds(health.Interval),
        Timeout = Nanoseconds(health.Timeout),
        StartPeriod = Nanoseconds(health.StartPeriod),
        Retries = health.Retries,
    };

    private static long Nanoseconds(TimeSpan span) => span.Ticks * 100;

    /// <summary>Go's <c>%v</c> of the health config struct, which is what BuildKit writes into history.</summary>
    private static string HealthText(HealthcheckConfig health) =>
        $"&{{{GoStrings(health.Test)} {GoDurationText(health.Interval)} {GoDurationText(health.Timeout)} {GoDurationText(health.StartPeriod)} {GoDurationText(health.StartInterval)} '\\x{health.Retries:x2}'}}";

    private static string GoDurationText(TimeSpan span) => GoFormat.Quote(span == TimeSpan.Zero ? "0s" : FormatDuration(span));

    private static string FormatDuration(TimeSpan span)
    {
        var text = "";
        if (span.TotalHours >= 1) text += ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";
        if (span.TotalMinutes >= 1) text += span.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        var seconds = span.Seconds + (span.Milliseconds / 1000.0);
        return text + seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>Go's <c>%q</c> of a string slice: <c>["a" "b"]</c>.</summary>
    public static string GoStrings(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(GoFormat.Quote)) + "]";

    /// <summary>Go's <c>%v</c> of a string slice: <c>[a b]</c>.</summary>
    private static string GoList(IEnumerable<string> values) => "[" + string.Join(' ', values) + "]";
}
