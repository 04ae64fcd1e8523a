using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>SHELL ["exe", "arg"]</c>: the shell for later shell-form commands (JSON form only).</summary>
internal sealed record ShellInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Shell;

    public required IReadOnlyList<string> Shell { get; init; }
}
