using System.Text;
using Berth.Build.Worker;
using Berth.Dockerfile.Instructions;

namespace Berth.Build.Steps;

/// <summary>
/// RUN: the command in a container over the current rootfs, with the image's ENV, USER and WORKDIR and the
/// stage's build args in its environment; its changes become the next layer.
/// </summary>
internal sealed class RunStep
{
    /// <summary>The PATH a container gets when the image sets none (Docker's default).</summary>
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private readonly RunInstruction _run;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _arguments;

    /// <param name="arguments">The build args the command sees (and history shows as <c>|N K=V</c>).</param>
    public RunStep(RunInstruction run, Oci.ContainerConfig? config, IReadOnlyList<KeyValuePair<string, string>> arguments)
    {
        _run = run;
        _arguments = arguments;
        Args = CommandOf(run.Command, config?.Shell);
    }

    /// <summary>The argv: the shell around a shell-form command (its heredocs included), or the exec form as written.</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>BuildKit's history text: <c>RUN |2 A=1 B=2 /bin/sh -c make # buildkit</c>.</summary>
    public string CreatedBy
    {
        get
        {
            var text = new StringBuilder("RUN ");
            if (_arguments.Count > 0) text.Append('|').Append(_arguments.Count).Append(' ').AppendJoin(' ', _arguments.Select(a => $"{a.Key}={a.Value}")).Append(' ');
            return text.AppendJoin(' ', Args).Append(" # buildkit").ToString();
        }
    }

    /// <summary>What a failed command is called in the error: the classic builder's words.</summary>
    public string FailureMessage(int exitCode) => $"The command '{string.Join(' ', Args)}' returned a non-zero code: {exitCode}";

    public BuildProcess Process(Oci.ContainerConfig? config, string defaultNetwork, IReadOnlyList<BuildMount> mounts)
    {
        var env = (config?.Env ?? []).ToList();
        env.AddRange(_arguments.Select(a => $"{a.Key}={a.Value}"));
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) env.Insert(0, DefaultPath);
        var network = _run.Network switch
        {
            RunNetwork.None => "none",
            RunNetwork.Host => "host",
            _ => defaultNetwork,
        };
        return new BuildProcess(Args, env, config?.User ?? "", string.IsNullOrEmpty(config?.WorkingDir) ? "/" : config.WorkingDir, network, mounts);
    }

    private static List<string> CommandOf(CommandLine command, IReadOnlyList<string>? shell)
    {
        if (!command.IsShellForm || command.Heredocs.Count == 0) return ConfigInstructions.Command(command, shell);
        var line = command.Args.Count > 0 ? command.Args[0] : "";
        // "RUN <<EOF" alone runs the heredoc as the script; otherwise the shell reads the heredocs itself.
        var script = command.Heredocs.Count == 1 && IsOnlyMarker(line)
            ? command.Heredocs[0].EffectiveContent()
            : line + "\n" + string.Concat(command.Heredocs.Select(h => Terminated(h.Content) + h.Name + "\n"));
        return [.. shell ?? ConfigInstructions.DefaultShell, script];
    }

    private static bool IsOnlyMarker(string line) => line.Trim().StartsWith("<<", StringComparison.Ordinal) && !line.Trim().Contains(' ', StringComparison.Ordinal);

    private static string Terminated(string content) => content.Length == 0 || content.EndsWith('\n') ? content : content + "\n";
}
