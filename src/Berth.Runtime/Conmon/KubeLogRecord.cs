namespace Berth.Runtime.Conmon;

/// <summary>One line of a k8s-file log: when conmon read it, from which stream, and its text without the newline.</summary>
/// <param name="Partial">
/// The text is not a whole line: the program wrote it without a newline (or longer than conmon's read buffer),
/// and the next record of the same stream carries on where it stops. A reader that prints the log adds a
/// newline only after a record that is not partial.
/// </param>
public sealed record KubeLogRecord(DateTimeOffset Time, LogStream Stream, string Text, bool Partial = false);
