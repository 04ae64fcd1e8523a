using Berth.Dockerfile.Instructions;
using Berth.Dockerfile.Shell;

namespace Berth.Dockerfile.Expansion;

/// <summary>
/// Expands the variables of one instruction as BuildKit does at each build step: the builder passes the
/// lookup in force at that step (the stage's ENV over its declared ARGs with their build-arg values; for FROM,
/// the global ARGs). Which parts expand:
/// <list type="bullet">
/// <item>ENV and LABEL keys and values; ADD/COPY sources, destination, --chown, --chmod (ADD also --checksum)
/// and the bodies of heredoc sources with unquoted delimiters; WORKDIR, USER, STOPSIGNAL, each VOLUME;
/// ARG defaults; FROM's image and --platform; RUN's --mount values.</item>
/// <item>EXPOSE words are expanded and split again (<c>EXPOSE $PORTS</c> may give several ports).</item>
/// <item>Nothing in RUN/CMD/ENTRYPOINT commands (the shell expands those), SHELL, HEALTHCHECK, MAINTAINER,
/// ONBUILD (expanded when the trigger runs downstream), nor COPY --from (a variable there is an error).</item>
/// </list>
/// Words are processed as single words (quotes removed, escapes applied), with the Dockerfile's escape token.
/// </summary>
internal sealed class InstructionExpander(char escapeToken = '\\')
{
    private readonly ShellLexer _lexer = new(escapeToken);

    // Heredoc bodies: only variables expand; quotes are ordinary text (always a backslash escape, as BuildKit).
    private readonly ShellLexer _bodyLexer = new() { SkipProcessQuotes = true };

    /// <summary>Whether any part of <paramref name="kind"/> is subject to expansion.</summary>
    public static bool Expands(InstructionKind kind) => kind is InstructionKind.Add or InstructionKind.Arg
        or InstructionKind.Copy or InstructionKind.Env or InstructionKind.Expose or InstructionKind.From
        or InstructionKind.Label or InstructionKind.Run or InstructionKind.StopSignal or InstructionKind.User
        or InstructionKind.Volume or InstructionKind.Workdir;

    /// <summary>Returns <paramref name="instruction"/> with its expandable parts expanded.</summary>
    /// <exception cref="DockerfileParseException">Expansion failed; located at the instruction.</exception>
    public Instruction Expand(Instruction instruction, VariableLookup lookup)
    {
        try
        {
            return ExpandUnlocated(instruction, lookup);
        }
        catch (Exception e) when (e is ShellExpansionException or FormatException)
        {
            throw instruction.Error(e.Message);
        }
    }

    private Instruction ExpandUnlocated(Instruction instruction, VariableLookup lookup)
    {
        string W(string word) => _lexer.ProcessWord(word, lookup);
        string? Optional(string? word) => word is null ? null : W(word);
        List<string> All(IEnumerable<string> words) => [.. words.Select(W)];
        List<KeyValue> Pairs(IEnumerable<KeyValue> pairs) => [.. pairs.Select(p => p with { Key = W(p.Key), Value = W(p.Value) })];
        List<InlineSource> Bodies(IEnumerable<InlineSource> sources) =>
            [.. sources.Select(s => s.Expand ? s with { Data = _bodyLexer.ProcessWord(s.Data, lookup) } : s)];

        return instruction switch
        {
            EnvInstruction env => env with { Variables = Pairs(env.Variables) },
            LabelInstruction label => label with { Labels = Pairs(label.Labels) },
            AddInstruction add => add with
            {
                Sources = All(add.Sources),
                InlineSources = Bodies(add.InlineSources),
                Destination = W(add.Destination),
                Chown = Optional(add.Chown),
                Chmod = Optional(add.Chmod),
                Checksum = Optional(add.Checksum),
            },
            CopyInstruction copy => CheckCopyFrom(copy) with
            {
                Sources = All(copy.Sources),
                InlineSources = Bodies(copy.InlineSources),
                Destination = W(copy.Destination),
                Chown = Optional(copy.Chown),
                Chmod = Optional(copy.Chmod),
            },
            WorkdirInstruction workdir => workdir with { Path = W(workdir.Path) },
            UserInstruction user => user with { User = W(user.User) },
            StopSignalInstruction signal => signal with { Signal = W(signal.Signal) },
            VolumeInstruction volume => volume with { Volumes = All(volume.Volumes) },
            ExposeInstruction expose => expose with { Ports = [.. expose.Ports.SelectMany(p => _lexer.ProcessWords(p, lookup))] },
            ArgInstruction arg => arg with { Args = [.. arg.Args.Select(a => a with { Default = Optional(a.Default) })] },
            FromInstruction stageStart => stageStart with { BaseName = W(stageStart.BaseName), Platform = Optional(stageStart.Platform) },
            RunInstruction run => run with { Mounts = [.. run.MountSpecs.Select(spec => RunMountParser.Parse(spec, W))] },
            _ => instruction,
        };
    }

    /// <summary>COPY --from is never expanded: BuildKit rejects a value that would change under expansion.</summary>
    private CopyInstruction CheckCopyFrom(CopyInstruction copy)
    {
        if (copy.From is { } source && _lexer.ProcessWord(source, VariableLookups.Empty) != source)
        {
            throw new FormatException("variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround");
        }
        return copy;
    }
}
