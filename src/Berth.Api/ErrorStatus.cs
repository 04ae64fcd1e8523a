using System.Net;
using Berth.Oci;

namespace Berth.Api;

/// <summary>The one table from error kind to HTTP status (moby's errdefs → httpstatus), used both ways.</summary>
public static class ErrorStatus
{
    public static HttpStatusCode ToStatus(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => HttpStatusCode.BadRequest,
        ErrorKind.NotFound => HttpStatusCode.NotFound,
        ErrorKind.Conflict => HttpStatusCode.Conflict,
        ErrorKind.Unauthorized => HttpStatusCode.Unauthorized,
        ErrorKind.Unavailable => HttpStatusCode.ServiceUnavailable,
        ErrorKind.NotImplemented => HttpStatusCode.NotImplemented,
        _ => HttpStatusCode.InternalServerError,
    };

    public static ErrorKind ToKind(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => ErrorKind.InvalidArgument,
        HttpStatusCode.NotFound => ErrorKind.NotFound,
        HttpStatusCode.Conflict => ErrorKind.Conflict,
        HttpStatusCode.Unauthorized => ErrorKind.Unauthorized,
        HttpStatusCode.ServiceUnavailable => ErrorKind.Unavailable,
        HttpStatusCode.NotImplemented => ErrorKind.NotImplemented,
        _ => ErrorKind.Internal,
    };
}
