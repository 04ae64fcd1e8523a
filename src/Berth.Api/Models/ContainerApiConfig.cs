using System.Text.Json.Serialization;
using Berth.Oci;

namespace Berth.Api.Models;

/// <summary>
/// The container <c>Config</c> object of the Engine API (Go's <c>container.Config</c>): the top level of the
/// create body and the <c>Config</c> of inspect. Named apart from <see cref="Berth.Oci.ContainerConfig"/>, the
/// image's subset of it, so code that imports both namespaces stays unambiguous. Property order is Docker's,
/// because clients and golden files compare inspect output textually. Members Docker leaves out when empty
/// (ExposedPorts, Healthcheck, Shell…) are left out when null: set them to null, not to an empty collection.
/// </summary>
public record ContainerApiConfig
{
    public string Hostname { get; set; } = "";
    public string Domainname { get; set; } = "";
    public string User { get; set; } = "";
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    /// <summary><c>"80/tcp"</c> → <c>{}</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ContainerHealthcheck? Healthcheck { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool ArgsEscaped { get; init; }
    public string Image { get; set; } = "";
    public Dictionary<string, EmptyObject>? Volumes { get; init; }
    public string WorkingDir { get; set; } = "";
    public IReadOnlyList<string>? Entrypoint { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool NetworkDisabled { get; init; }
    /// <summary>Deprecated since API 1.44 in favour of the endpoint's MacAddress; older clients still send it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MacAddress { get; init; }
    public IReadOnlyList<string>? OnBuild { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StopSignal { get; init; }
    /// <summary>Seconds to wait after StopSignal before SIGKILL; null means the daemon's default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? StopTimeout { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Shell { get; init; }
}

/// <summary>
/// A container's healthcheck (durations in nanoseconds, 0 = inherit). Unlike the image's
/// <see cref="HealthConfig"/> it carries StartInterval (API 1.44), which <c>docker run --health-start-interval</c> sends.
/// </summary>
public sealed record ContainerHealthcheck
{
    /// <summary><c>[]</c> inherit, <c>["NONE"]</c> disable, <c>["CMD", args…]</c> or <c>["CMD-SHELL", command]</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Test { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Interval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Timeout { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long StartPeriod { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long StartInterval { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int Retries { get; init; }
}
