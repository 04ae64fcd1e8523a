using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>VOLUME</c> (JSON array or space-separated list).</summary>
internal sealed record VolumeInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Volume;

    public required IReadOnlyList<string> Volumes { get; init; }
}
