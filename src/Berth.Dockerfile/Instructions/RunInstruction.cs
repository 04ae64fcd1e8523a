using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>RUN</c>: runs a command in a container over the current filesystem and commits the change.</summary>
internal sealed record RunInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Run;

    public required CommandLine Command { get; init; }

    /// <summary>The <c>--mount</c> values as written; <see cref="Expansion.InstructionExpander"/> re-reads them after expansion.</summary>
    public required IReadOnlyList<string> MountSpecs { get; init; }

    /// <summary><see cref="MountSpecs"/> read without expansion.</summary>
    public required IReadOnlyList<RunMount> Mounts { get; init; }

    public RunNetwork Network { get; init; } = RunNetwork.Default;

    public RunSecurity Security { get; init; } = RunSecurity.Sandbox;

    /// <summary>The <c>--device</c> requests (CDI device names).</summary>
    public required IReadOnlyList<RunDevice> Devices { get; init; }
}
