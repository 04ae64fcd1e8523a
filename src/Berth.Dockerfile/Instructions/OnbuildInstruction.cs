using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary><c>ONBUILD instruction</c>: a trigger stored in the image, run by builds that start FROM it.</summary>
internal sealed record OnbuildInstruction : Instruction
{
    [JsonIgnore]
    public override InstructionKind Kind => InstructionKind.Onbuild;

    /// <summary>The trigger keyword upper-cased (<c>RUN</c>).</summary>
    public required string Trigger { get; init; }

    /// <summary>
    /// The trigger instruction as text (heredoc bodies and delimiters appended): what goes into the image
    /// config OnBuild list and is parsed again by a downstream build.
    /// </summary>
    public required string Expression { get; init; }
}
