using System.Text.Json.Serialization;

namespace Berth.Dockerfile.Instructions;

/// <summary>
/// One typed Dockerfile instruction. Values are as written: variables are not expanded yet (the builder calls
/// <see cref="Expansion.InstructionExpander"/> with the build args and environment of each step), and words of
/// ENV, LABEL and ARG keep their quotes until then, exactly as BuildKit defers it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "instruction")]
[JsonDerivedType(typeof(FromInstruction), "FROM")]
[JsonDerivedType(typeof(RunInstruction), "RUN")]
[JsonDerivedType(typeof(CmdInstruction), "CMD")]
[JsonDerivedType(typeof(LabelInstruction), "LABEL")]
[JsonDerivedType(typeof(MaintainerInstruction), "MAINTAINER")]
[JsonDerivedType(typeof(ExposeInstruction), "EXPOSE")]
[JsonDerivedType(typeof(EnvInstruction), "ENV")]
[JsonDerivedType(typeof(AddInstruction), "ADD")]
[JsonDerivedType(typeof(CopyInstruction), "COPY")]
[JsonDerivedType(typeof(EntrypointInstruction), "ENTRYPOINT")]
[JsonDerivedType(typeof(VolumeInstruction), "VOLUME")]
[JsonDerivedType(typeof(UserInstruction), "USER")]
[JsonDerivedType(typeof(WorkdirInstruction), "WORKDIR")]
[JsonDerivedType(typeof(ArgInstruction), "ARG")]
[JsonDerivedType(typeof(OnbuildInstruction), "ONBUILD")]
[JsonDerivedType(typeof(StopSignalInstruction), "STOPSIGNAL")]
[JsonDerivedType(typeof(HealthcheckInstruction), "HEALTHCHECK")]
[JsonDerivedType(typeof(ShellInstruction), "SHELL")]
internal abstract record Instruction
{
    [JsonIgnore]
    public abstract InstructionKind Kind { get; }

    /// <summary>The Dockerfile's name, for error messages.</summary>
    [JsonIgnore]
    public string File { get; init; } = "Dockerfile";

    /// <summary>1-based line the instruction starts on.</summary>
    [JsonPropertyOrder(-3)]
    public required int StartLine { get; init; }

    /// <summary>Last line, including continuation lines and heredoc bodies.</summary>
    [JsonPropertyOrder(-2)]
    public required int EndLine { get; init; }

    /// <summary>
    /// The logical line as BuildKit keeps it (continuations joined, comments dropped, heredoc bodies not
    /// included): the source of image history's created_by and of the step's cache key.
    /// </summary>
    [JsonPropertyOrder(-1)]
    public required string Original { get; init; }

    /// <summary>A parse error located at this instruction.</summary>
    public DockerfileParseException Error(string reason) => new(File, StartLine, reason);
}
