namespace Berth.Runtime.OciRuntimes;

/// <summary>
/// One line a runtime writes with <c>--log-format=json</c>:
/// <c>{"level":"error","msg":"container does not exist","time":"…"}</c> (runc and crun alike).
/// </summary>
internal sealed record RuntimeLogLine(string? Level, string? Msg);
