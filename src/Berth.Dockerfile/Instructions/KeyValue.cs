namespace Berth.Dockerfile.Instructions;

/// <summary>An ENV or LABEL entry, as written (quotes kept until expansion).</summary>
/// <param name="HasDelimiter">False for the legacy <c>ENV key value</c> form, where the value is the rest of the line.</param>
internal sealed record KeyValue(string Key, string Value, bool HasDelimiter);
