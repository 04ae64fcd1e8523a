namespace Berth.Cli.Commands.Container.Parsing;

/// <summary>
/// A flag's value that does not parse. docker reports these while parsing flags:
/// <c>invalid argument "12x" for "-m, --memory" flag: invalid suffix: 'x'</c>.
/// </summary>
internal sealed class FlagValueException(string flag, string value, string reason)
    : Exception($"invalid argument \"{value}\" for \"{flag}\" flag: {reason}");

/// <summary>Flags that parse but do not make a valid container together (docker prefixes these with <c>docker: </c>).</summary>
internal sealed class ContainerOptionsException(string message) : Exception(message);
