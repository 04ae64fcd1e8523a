namespace Berth.Cli.Formatting;

/// <summary>
/// A --format template failed to parse or execute. The message follows Go's text/template
/// wording (e.g. <c>template: :1: function "foo" not defined</c>) so the CLI can print it the
/// way docker does, after its own "template parsing error: " prefix.
/// </summary>
internal sealed class TemplateException(string message) : Exception(message);
