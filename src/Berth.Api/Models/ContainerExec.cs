using System.Text.Json.Serialization;

namespace Berth.Api.Models;

/// <summary>The body of POST /containers/{id}/exec.</summary>
public sealed record ExecCreateRequest
{
    public string User { get; set; } = "";
    public bool Privileged { get; init; }
    public bool Tty { get; init; }
    /// <summary>Initial tty height and width.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<uint>? ConsoleSize { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStderr { get; init; }
    public bool AttachStdout { get; init; }
    /// <summary>Unused by the daemon at create time (start has its own Detach); clients still send it.</summary>
    public bool Detach { get; init; }
    /// <summary>Overrides the detach key sequence, e.g. <c>ctrl-p,ctrl-q</c>.</summary>
    public string DetachKeys { get; set; } = "";
    public IReadOnlyList<string>? Env { get; init; }
    public string WorkingDir { get; set; } = "";
    public IReadOnlyList<string>? Cmd { get; init; }
}

/// <summary>The answer to POST /containers/{id}/exec.</summary>
public sealed record ExecCreateResponse
{
    public required string Id { get; init; }
}

/// <summary>The body of POST /exec/{id}/start.</summary>
public sealed record ExecStartRequest
{
    public bool Detach { get; init; }
    public bool Tty { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<uint>? ConsoleSize { get; init; }
}

/// <summary>GET /exec/{id}/json.</summary>
public sealed record ExecInspect
{
    public required string ID { get; init; }
    public bool Running { get; init; }
    /// <summary>null until the process has exited.</summary>
    public int? ExitCode { get; init; }
    public required ExecProcessConfig ProcessConfig { get; init; }
    public bool OpenStdin { get; init; }
    public bool OpenStderr { get; init; }
    public bool OpenStdout { get; init; }
    public bool CanRemove { get; init; }
    public required string ContainerID { get; init; }
    public string DetachKeys { get; set; } = "";
    public int Pid { get; init; }
}

/// <summary>The exec'd process; Docker sends these members with lower-case names.</summary>
public sealed record ExecProcessConfig
{
    [JsonPropertyName("tty")] public bool Tty { get; init; }
    [JsonPropertyName("entrypoint")] public required string Entrypoint { get; init; }
    [JsonPropertyName("arguments")] public required IReadOnlyList<string> Arguments { get; init; }
    [JsonPropertyName("privileged"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Privileged { get; init; }
    [JsonPropertyName("user"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? User { get; init; }
}
