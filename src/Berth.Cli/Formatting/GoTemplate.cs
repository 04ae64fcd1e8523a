using System.Text;
using System.Text.Json;

namespace Berth.Cli.Formatting;

/// <summary>
/// A parsed Go text/template, as docker's <c>--format</c> accepts, evaluated over JSON data the
/// way Go evaluates a map[string]interface{}: <c>.Field</c> is a case-sensitive member lookup,
/// missing members print <c>&lt;no value&gt;</c>, values print as fmt's <c>%v</c>.
/// </summary>
internal sealed class GoTemplate
{
    private static readonly IReadOnlySet<string> FunctionNames = TemplateFunctions.Standard.Keys.ToHashSet();

    private readonly string _text;
    private readonly ListNode _root;

    private GoTemplate(string text, ListNode root)
    {
        _text = text;
        _root = root;
    }

    /// <exception cref="TemplateException">The text is not a valid template.</exception>
    public static GoTemplate Parse(string text) =>
        new(text, TemplateParser.Parse(text, FunctionNames));

    /// <summary>
    /// docker's formatter preprocessing: the two-character sequences <c>\t</c> and <c>\n</c>
    /// (which a shell passes through literally) become a tab and a newline before parsing.
    /// No other escapes are interpreted.
    /// </summary>
    public static string PreprocessEscapes(string format) =>
        format.Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);

    /// <exception cref="TemplateException">Execution failed.</exception>
    public string Execute(JsonElement data)
    {
        var output = new StringBuilder();
        Execute(data, output);
        return output.ToString();
    }

    /// <summary>Appends the output to <paramref name="output"/>; on failure what was produced remains.</summary>
    /// <exception cref="TemplateException">Execution failed.</exception>
    public void Execute(JsonElement data, StringBuilder output) =>
        TemplateExecutor.Execute(_text, _root, TemplateFunctions.Standard, GoValue.FromJson(data), output);

    /// <summary>Renders a table header as docker does: over a field→title map, with its header functions.</summary>
    internal void ExecuteHeader(JsonElement titles, StringBuilder output) =>
        TemplateExecutor.Execute(_text, _root, TemplateFunctions.Header, GoValue.FromJson(titles), output);

    /// <summary>The first member name of every <c>.Field</c> chain, in order of appearance.</summary>
    internal IReadOnlyList<string> TopLevelFields()
    {
        var fields = new List<string>();
        Collect(_root, fields);
        return fields.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(TemplateNode node, List<string> fields)
    {
        switch (node)
        {
            case FieldNode field:
                fields.Add(field.Idents[0]);
                break;
            case ListNode list:
                foreach (var child in list.Nodes)
                {
                    Collect(child, fields);
                }

                break;
            case ActionNode action:
                Collect(action.Pipe, fields);
                break;
            case PipeNode pipe:
                foreach (var arg in pipe.Commands.SelectMany(c => c.Args))
                {
                    Collect(arg, fields);
                }

                break;
            case BranchNode branch:
                Collect(branch.Pipe, fields);
                Collect(branch.List, fields);
                if (branch.ElseList is not null)
                {
                    Collect(branch.ElseList, fields);
                }

                break;
            case SubPipeNode sub:
                Collect(sub.Pipe, fields);
                break;
            case ChainNode chain:
                Collect(chain.Node, fields);
                break;
        }
    }
}
