using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>HEALTHCHECK NONE</c> or <c>HEALTHCHECK [options] CMD command</c>.</summary>
internal sealed record HealthcheckInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Healthcheck;

    public required HealthcheckConfig Health { get; init; }
}
