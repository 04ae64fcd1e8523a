using System.Net;
using System.Text;
using Berth.Oci;
using Berth.Registry.Client;

namespace Berth.Registry.Tests.Client;

public sealed class RegistryErrorsTests
{
    [Fact]
    public void DistributionErrorBodies_ReadAsDockerShowsThem()
    {
        var body = Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"x\"}}]}");
        Assert.Equal("manifest unknown: manifest unknown", RegistryErrors.Describe(HttpStatusCode.NotFound, body));
    }

    [Fact]
    public void OtherBodies_FallBackToTheStatus()
    {
        Assert.Equal("unexpected status code 502 Bad Gateway", RegistryErrors.Describe(HttpStatusCode.BadGateway, "<html>"u8));
        Assert.Equal("unauthorized: authentication required", RegistryErrors.Describe(HttpStatusCode.Unauthorized, []));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ErrorKind.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, ErrorKind.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound, ErrorKind.NotFound)]
    [InlineData(HttpStatusCode.TooManyRequests, ErrorKind.Unavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ErrorKind.Unavailable)]
    public void StatusesMapToKinds(HttpStatusCode status, ErrorKind kind) => Assert.Equal(kind, RegistryErrors.KindOf(status));
}
