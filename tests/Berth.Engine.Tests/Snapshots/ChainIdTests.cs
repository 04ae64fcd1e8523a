using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Snapshots;
using Berth.Oci;

namespace Berth.Engine.Tests.Snapshots;

public sealed class ChainIdTests
{
    // sha256 of the strings "layer-one", "layer-two", "layer-three", as `printf … | sha256sum` prints them.
    private static readonly Digest One = Digest.FromHex("0139c1c77468f75e6763a4612262743bd47a36b26cb2863d662756b3377bb029");
    private static readonly Digest Two = Digest.FromHex("4381142a944dccfafc4428f3b1d4469713054b918f3c97f2e7f1cac2c25e0cc4");
    private static readonly Digest Three = Digest.FromHex("6c743db43f0448c007a51265ac822887f39ea7e6600820511cc46f9f63690fd5");

    [Fact]
    public void The_bottom_layer_s_chain_id_is_its_diff_id()
    {
        Assert.Equal(One, ChainId.Next(null, One));
        Assert.Equal([One], ChainId.Chain([One]));
    }

    [Fact]
    public void Each_chain_id_hashes_the_parent_s_chain_id_a_space_and_the_diff_id()
    {
        var byHand = Digest.FromHash(SHA256.HashData(Encoding.ASCII.GetBytes($"sha256:{One.Hex} sha256:{Two.Hex}")));

        var chain = ChainId.Chain([One, Two, Three]);

        Assert.Equal(byHand, chain[1]);
        // Computed outside .NET: printf "sha256:<one> sha256:<two>" | sha256sum, and so on up the stack.
        Assert.Equal(Digest.FromHex("aff998a96a2f925843dfb74108505e06ba8a26c9ff277ee74ede14a9bd9090b0"), chain[1]);
        Assert.Equal(Digest.FromHex("0c591124fb48bc3416c43b04465bf075a13e4949d16e3c58b274b18a00494da7"), chain[2]);
        Assert.Equal(chain[2], ChainId.Of([One, Two, Three]));
    }

    [Fact]
    public void Order_matters_and_no_layers_have_no_chain_id()
    {
        Assert.NotEqual(ChainId.Of([One, Two]), ChainId.Of([Two, One]));
        Assert.Null(ChainId.Of([]));
    }

    [Fact]
    public void Diff_ids_that_are_not_sha256_digests_are_invalid()
    {
        var config = new ImageConfig { RootFs = new RootFs { DiffIds = [One.ToString(), "md5:abc"] } };
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<BerthException>(() => ChainId.DiffIdsOf(config)).Kind);
    }
}
