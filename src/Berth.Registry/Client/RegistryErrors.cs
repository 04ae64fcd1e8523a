using System.Net;
using System.Text.Json;
using Berth.Oci;

namespace Berth.Registry.Client;

/// <summary>
/// A registry's failure in Docker's words: distribution's error codes read as <c>manifest unknown: manifest
/// unknown</c> (code lower-cased, underscores as spaces, then the message), or the HTTP status when the body
/// has none; the HTTP status picks the <see cref="ErrorKind"/>.
/// </summary>
internal static class RegistryErrors
{
    public static async Task<BerthException> FromResponseAsync(HttpResponseMessage response, string context, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var detail = Describe(response.StatusCode, body);
        return new BerthException(KindOf(response.StatusCode), context.Length == 0 ? detail : $"{context}: {detail}");
    }

    public static string Describe(HttpStatusCode status, ReadOnlySpan<byte> body)
    {
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, RegistryClientJsonContext.Default.RegistryErrorBody) is { Errors: [_, ..] errors })
                return string.Join(", ", errors.Select(e => $"{(e.Code ?? "unknown").ToLowerInvariant().Replace('_', ' ')}: {e.Message}"));
        }
        catch (JsonException)
        {
            // Not a distribution error body (a proxy's HTML page, say): fall back to the status.
        }
        // A registry may answer a HEAD or a refused request with no body: say what distribution's code would.
        if (status == HttpStatusCode.Unauthorized) return "unauthorized: authentication required";
        return $"unexpected status code {(int)status} {ReasonOf(status)}";
    }

    public static ErrorKind KindOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ErrorKind.Unauthorized,
        HttpStatusCode.NotFound => ErrorKind.NotFound,
        HttpStatusCode.BadRequest => ErrorKind.InvalidArgument,
        >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests => ErrorKind.Unavailable,
        _ => ErrorKind.Internal,
    };

    private static string ReasonOf(HttpStatusCode status) =>
        System.Text.RegularExpressions.Regex.Replace(status.ToString(), "(?<=[a-z])(?=[A-Z])", " ");
}
