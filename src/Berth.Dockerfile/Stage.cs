using System.Text.Json.Serialization;
using Berth.Dockerfile.Instructions;

namespace Berth.Dockerfile;

/// <summary>A build stage: a FROM and the instructions up to the next FROM.</summary>
/// <param name="Index">0-based position, what <c>COPY --from=0</c> refers to.</param>
internal sealed record Stage(int Index, FromInstruction From, IReadOnlyList<Instruction> Instructions)
{
    /// <summary>The <c>AS</c> name (lower-cased), null when the stage has none.</summary>
    [JsonIgnore]
    public string? Name => From.StageName;
}
