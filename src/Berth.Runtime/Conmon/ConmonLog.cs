using Microsoft.Extensions.Logging;

namespace Berth.Runtime.Conmon;

internal static partial class ConmonLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Container {Id} created by {Runtime} under conmon {ConmonPid} (process {ContainerPid})")]
    public static partial void Created(ILogger logger, string id, string runtime, int conmonPid, int containerPid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Id} could not be created: {Message}")]
    public static partial void CreateFailed(ILogger logger, string id, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exec {ExecId} in container {Id} started by {Runtime} under conmon {ConmonPid} (process {Pid})")]
    public static partial void ExecStarted(ILogger logger, string execId, string id, string runtime, int conmonPid, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exec {ExecId} in container {Id} did not run (exit code {ExitCode}): {Message}")]
    public static partial void ExecFailed(ILogger logger, string execId, string id, int exitCode, string message);
}
