using System.Text;
using Berth.Api.Auth;

namespace Berth.Registry.Tests.Client;

public sealed class RegistryAuthHeaderTests
{
    [Fact]
    public void EncodesAsBase64UrlJson_AndDecodesBack()
    {
        var config = new AuthConfig { Username = "alice", Password = "p+/?ss", ServerAddress = "localhost:5000" };
        var header = RegistryAuthHeader.Encode(config);
        Assert.DoesNotContain('+', header);
        Assert.DoesNotContain('/', header);
        Assert.Contains("\"username\":\"alice\"", Encoding.UTF8.GetString(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/'))));
        Assert.Equal(config, RegistryAuthHeader.Decode(header));
    }

    [Fact]
    public void DecodesWhatTheDockerCliSends()
    {
        // docker 28: base64.URLEncoding of {"username":"u","password":"p","serveraddress":"127.0.0.1:5000"}.
        var json = "{\"username\":\"u\",\"password\":\"p\",\"serveraddress\":\"127.0.0.1:5000\"}";
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_');
        var config = RegistryAuthHeader.Decode(header)!;
        Assert.Equal(("u", "p"), RegistryAuthHeader.Credentials(config));
        Assert.Equal("127.0.0.1:5000", config.ServerAddress);
    }

    [Fact]
    public void AcceptsStandardAlphabetAndMissingPadding()
    {
        var json = "{\"username\":\"a?>\",\"password\":\"b\"}";
        var standard = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=');
        Assert.Equal("a?>", RegistryAuthHeader.Decode(standard)!.Username);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("e30=")] // {}: the docker CLI sends this when it has no login
    [InlineData("not base64 at all!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    public void MissingEmptyOrBrokenHeaders_MeanAnonymous(string? header) => Assert.Null(RegistryAuthHeader.Decode(header));

    [Fact]
    public void TheAuthField_SplitsAtTheFirstColon()
    {
        var config = new AuthConfig { Auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:pa:ss")) };
        Assert.Equal(("bob", "pa:ss"), RegistryAuthHeader.Credentials(config));
    }
}
