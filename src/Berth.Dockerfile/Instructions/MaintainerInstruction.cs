using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>MAINTAINER name</c> (deprecated; sets the image author).</summary>
internal sealed record MaintainerInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Maintainer;

    public required string Maintainer { get; init; }
}
