using Berth.Dockerfile.Parsing;

namespace Berth.Dockerfile.Instructions;

/// <summary>
/// The command of RUN, CMD or ENTRYPOINT. Shell form is one string run as <c>SHELL + [string]</c>; exec
/// form (a JSON array) is the argv itself.
/// </summary>
/// <param name="Args">Exec form: the argv. Shell form: a single string (empty list when no command was given).</param>
/// <param name="IsShellForm">BuildKit's PrependShell: true unless the arguments were a JSON array.</param>
/// <param name="Heredocs">Heredoc bodies of a RUN (<c>RUN &lt;&lt;EOF</c>), in marker order.</param>
internal sealed record CommandLine(IReadOnlyList<string> Args, bool IsShellForm, IReadOnlyList<Heredoc> Heredocs);
