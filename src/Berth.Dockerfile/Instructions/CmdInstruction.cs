using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>CMD</c>: the default command (or default arguments to the entrypoint).</summary>
internal sealed record CmdInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Cmd;

    public required CommandLine Command { get; init; }
}
