using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>ENTRYPOINT</c>: the command containers run.</summary>
internal sealed record EntrypointInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Entrypoint;

    /// <summary>Exec form <c>ENTRYPOINT []</c> gives no arguments: it clears the entrypoint.</summary>
    public required CommandLine Command { get; init; }
}
