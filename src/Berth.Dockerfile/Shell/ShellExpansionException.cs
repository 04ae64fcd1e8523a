namespace Berth.Dockerfile.Shell;

/// <summary>
/// A word the shell lexer cannot process (unbalanced quote, bad substitution, <c>${VAR:?msg}</c> on an unset
/// variable). The message is BuildKit's: <c>failed to process "word": reason</c>.
/// </summary>
internal sealed class ShellExpansionException(string message) : Exception(message);
