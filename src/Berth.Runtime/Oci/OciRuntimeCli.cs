using System.Text.Json;
using Berth.Oci;

namespace Berth.Runtime.OciRuntimes;

/// <summary>
/// <see cref="IOciRuntime"/> for runc and crun, which share a command line:
/// <c>RUNTIME --root STATE --log-format=json VERB [flags] ID</c>.
/// </summary>
public sealed class OciRuntimeCli(OciRuntimeOptions options) : IOciRuntime
{
    public OciRuntimeOptions Options { get; } = options;

    public async Task<OciState> StateAsync(string id, CancellationToken cancellationToken = default)
    {
        var stdout = await RunAsync("state", id, [id], cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(stdout, OciJsonContext.Default.OciState)
                ?? throw new JsonException("null state");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.Internal, $"{Options.Name} state {id} printed what is not a container state: {e.Message}", e);
        }
    }

    public Task StartAsync(string id, CancellationToken cancellationToken = default) =>
        RunAsync("start", id, [id], cancellationToken);

    public Task KillAsync(string id, string signal, bool all = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(signal);
        return RunAsync("kill", id, all ? ["--all", id, signal] : [id, signal], cancellationToken);
    }

    public Task PauseAsync(string id, CancellationToken cancellationToken = default) =>
        RunAsync("pause", id, [id], cancellationToken);

    public Task ResumeAsync(string id, CancellationToken cancellationToken = default) =>
        RunAsync("resume", id, [id], cancellationToken);

    public Task DeleteAsync(string id, bool force = false, CancellationToken cancellationToken = default) =>
        RunAsync("delete", id, force ? ["--force", id] : [id], cancellationToken);

    /// <summary>Runs one verb and returns its stdout; a non-zero exit becomes the runtime's message.</summary>
    private async Task<string> RunAsync(string verb, string id, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var result = await CommandRunner.RunAsync(
            Options.BinaryPath, ["--root", Options.StateRoot, "--log-format=json", verb, .. args], cancellationToken);
        if (result.ExitCode != 0)
            throw RuntimeErrors.Failure(Options, verb, id, RuntimeErrors.Message(result.Stderr));
        return result.Stdout;
    }
}
