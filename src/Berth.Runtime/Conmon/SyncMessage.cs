using System.Text.Json.Serialization;

namespace Berth.Runtime.Conmon;

/// <summary>
/// What conmon (with <c>--api-version 1</c>) writes on the sync pipe, one JSON object a line:
/// <c>{"data": PID}</c> once the runtime has created the container, or <c>{"data": -1, "message": "…"}</c> with
/// the runtime's stderr when create failed.
/// </summary>
internal sealed record SyncMessage(int Data, string? Message);
