namespace Berth.Oci;

/// <summary>
/// The kinds of failure that cross layers. The API maps each to one HTTP status (see Berth.Api's
/// ErrorStatus), the way moby's errdefs map to httpstatus.
/// </summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    Conflict,
    Unauthorized,
    Unavailable,
    NotImplemented,
    Internal,
}

/// <summary>An expected failure with a message fit to show a user as it is.</summary>
public sealed class BerthException(ErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorKind Kind { get; } = kind;

    public static BerthException NotFound(string message) => new(ErrorKind.NotFound, message);
    public static BerthException Invalid(string message, Exception? inner = null) => new(ErrorKind.InvalidArgument, message, inner);
    public static BerthException Conflict(string message) => new(ErrorKind.Conflict, message);
}
