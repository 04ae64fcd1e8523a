using Berth.Dockerfile.Instructions;
using Berth.Dockerfile.Parsing;

namespace Berth.Dockerfile;

/// <summary>
/// Entry point: Dockerfile text to <see cref="ParsedDockerfile"/>, in BuildKit's two passes. The line pass
/// (<see cref="LineScanner"/>) handles directives, comments, continuations and heredocs; the instruction pass
/// (<see cref="InstructionReader"/>) types each instruction and groups them into stages. Pure: no I/O.
/// </summary>
internal static class DockerfileParser
{
    /// <param name="text">The Dockerfile's content.</param>
    /// <param name="file">The name used in error messages (<c>Dockerfile:7: …</c>).</param>
    /// <exception cref="DockerfileParseException">The first error, with its line.</exception>
    public static ParsedDockerfile Parse(string text, string file = "Dockerfile")
    {
        if (text.Length == 0)
        {
            throw new DockerfileParseException(file, 0, "the Dockerfile cannot be empty");
        }
        var tree = LineScanner.Scan(text, file);
        var globalArgs = new List<ArgInstruction>();
        var stages = new List<(FromInstruction From, List<Instruction> Instructions)>();
        foreach (var node in tree.Nodes)
        {
            var instruction = InstructionReader.Read(node, file);
            switch (instruction)
            {
                case ArgInstruction arg when stages.Count == 0:
                    globalArgs.Add(arg);
                    break;
                case FromInstruction from:
                    stages.Add((from, []));
                    break;
                case var _ when stages.Count == 0:
                    throw instruction.Error("no build stage in current context");
                default:
                    stages[^1].Instructions.Add(instruction);
                    break;
            }
        }
        return new ParsedDockerfile
        {
            File = file,
            Directives = tree.Directives,
            EscapeToken = tree.EscapeToken,
            GlobalArgs = globalArgs,
            Stages = [.. stages.Select((s, i) => new Stage(i, s.From, s.Instructions))],
            Warnings = tree.Warnings,
        };
    }

    /// <summary>
    /// Parses one instruction on its own, e.g. an ONBUILD trigger's <see cref="OnbuildInstruction.Expression"/>
    /// when a later build runs it; <paramref name="line"/> is the line to report errors at.
    /// </summary>
    public static Instruction ParseInstruction(string text, string file, int line)
    {
        var tree = LineScanner.Scan(text, file);
        if (tree.Nodes.Count != 1)
        {
            throw new DockerfileParseException(file, line, "expected exactly one instruction");
        }
        var node = tree.Nodes[0] with { StartLine = line, EndLine = line };
        return InstructionReader.Read(node, file);
    }
}
