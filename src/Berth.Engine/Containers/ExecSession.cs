namespace Berth.Engine.Containers;

/// <summary>What <c>POST /containers/{id}/exec</c> asked for: a process to run in a running container.</summary>
public sealed record ExecRequest
{
    public required IReadOnlyList<string> Cmd { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
    public bool Privileged { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public string? DetachKeys { get; init; }
}

/// <summary>
/// One exec instance, as dockerd keeps them: in memory, created, then started once, then finished with an exit
/// code. <see cref="Finished"/> completes with that code.
/// </summary>
public sealed class ExecSession(string id, string containerId, ExecRequest request)
{
    private readonly TaskCompletionSource<int> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = id;
    public string ContainerId { get; } = containerId;
    public ExecRequest Request { get; } = request;
    public bool Started { get; set; }
    public int Pid { get; set; }
    public bool Running => Started && !_finished.Task.IsCompleted;
    public int? ExitCode => _finished.Task.IsCompletedSuccessfully ? _finished.Task.Result : null;
    public Task<int> Finished => _finished.Task;

    internal void Finish(int exitCode) => _finished.TrySetResult(exitCode);
}
