namespace Berth.Registry.Server;

/// <summary>
/// A failure the registry reports to its client as <c>{"errors":[{"code","message","detail"}]}</c>.
/// <paramref name="status"/> overrides the code's usual status where the spec asks for another (413, 416).
/// </summary>
internal sealed class RegistryException(RegistryErrorCode code, string? detail = null, int? status = null)
    : Exception(detail is null ? code.Message : $"{code.Message}: {detail}")
{
    public RegistryErrorCode Code { get; } = code;
    public string? Detail { get; } = detail;
    public int Status { get; } = status ?? code.Status;
}
