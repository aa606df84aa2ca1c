using System.Net;
using StrictMail.TestSupport.Smtp;

namespace StrictMail.TestSupport.Dnssec;

/// <summary>
/// Real DNSSEC on loopback: nsd serving zones signed at test time, and a validating unbound in front of it whose trust
/// anchors are the zones' KSKs (or, to test a resolver that does not validate, no anchors at all). Asked with the DO bit,
/// unbound sets AD on what it validated and answers SERVFAIL for what is bogus.
/// </summary>
internal sealed class DnssecLab : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly DaemonProcess _nsd;
    private readonly DaemonProcess _unbound;

    private DnssecLab(DirectoryInfo directory, DaemonProcess nsd, DaemonProcess unbound, IReadOnlyList<SignedZone> zones)
    {
        _directory = directory;
        _nsd = nsd;
        _unbound = unbound;
        Zones = zones;
    }

    /// <summary>The validating resolver: what the relay's DnssecResolvers names.</summary>
    public IPEndPoint Resolver => _unbound.EndPoint;

    /// <summary>The authoritative server (answers without validation).</summary>
    public IPEndPoint Authoritative => _nsd.EndPoint;

    public IReadOnlyList<SignedZone> Zones { get; }

    /// <summary>Signs each zone, serves them with nsd, and starts unbound in front.</summary>
    /// <param name="zones">Zone name and its records (zone file lines relative to the origin).</param>
    /// <param name="trustAnchors">Whether unbound gets the zones' KSKs as trust anchors (false: it validates nothing).</param>
    /// <param name="wrongAnchors">Give unbound the KSK of other keys than the zone was signed with: every answer is bogus.</param>
    /// <param name="corrupt">Records ("owner TYPE", owner fully qualified) whose signed data is altered so they validate as bogus.</param>
    /// <param name="insecure">An unsigned parent zone (e.g. "test") and the server that answers for it: everything else under it resolves, unauthenticated.</param>
    public static async Task<DnssecLab> StartAsync(
        IReadOnlyDictionary<string, IReadOnlyList<string>> zones,
        bool trustAnchors = true,
        bool wrongAnchors = false,
        IReadOnlyList<string>? corrupt = null,
        (string Zone, IPEndPoint Server)? insecure = null)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var directory = Directory.CreateTempSubdirectory("strictmail-dnssec-");
        var nsdAddress = new IPEndPoint(Loopback.NextAddress(), 53);
        var unboundAddress = new IPEndPoint(Loopback.NextAddress(), 53);
        var signed = new List<SignedZone>();
        foreach (var (origin, records) in zones)
        {
            signed.Add(await SignedZone.CreateAsync(origin, nsdAddress.Address, records, directory.FullName));
        }

        foreach (var record in corrupt ?? [])
        {
            var (owner, type) = (record.Split(' ')[0], record.Split(' ')[1]);
            signed.First(z => owner.TrimEnd('.').EndsWith(z.Origin, StringComparison.OrdinalIgnoreCase)).Corrupt(owner, type);
        }

        var anchors = signed.Select(z => z.TrustAnchorFile).ToList();
        if (wrongAnchors)
        {
            var elsewhere = directory.CreateSubdirectory("other-keys").FullName;
            anchors = [];
            foreach (var (origin, records) in zones)
            {
                anchors.Add((await SignedZone.CreateAsync(origin, nsdAddress.Address, records, elsewhere)).TrustAnchorFile);
            }
        }

        var nsdConf = Path.Combine(directory.FullName, "nsd.conf");
        await File.WriteAllTextAsync(nsdConf, string.Join('\n', [
            "server:",
            $"  ip-address: {nsdAddress.Address}",
            "  port: 53",
            "  username: \"\"",
            "  chroot: \"\"",
            $"  zonesdir: \"{directory.FullName}\"",
            $"  pidfile: \"{Path.Combine(directory.FullName, "nsd.pid")}\"",
            $"  xfrdfile: \"{Path.Combine(directory.FullName, "xfrd.state")}\"",
            $"  zonelistfile: \"{Path.Combine(directory.FullName, "zone.list")}\"",
            "  database: \"\"",
            "remote-control:",
            "  control-enable: no",
            .. signed.SelectMany(z => new[] { "zone:", $"  name: {z.Origin}", $"  zonefile: \"{z.SignedFile}\"" }),
            string.Empty]));
        var unboundConf = Path.Combine(directory.FullName, "unbound.conf");
        await File.WriteAllTextAsync(unboundConf, string.Join('\n', [
            "server:",
            $"  interface: {unboundAddress.Address}",
            "  port: 53",
            "  username: \"\"",
            "  chroot: \"\"",
            $"  directory: \"{directory.FullName}\"",
            $"  pidfile: \"{Path.Combine(directory.FullName, "unbound.pid")}\"",
            "  use-syslog: no",
            "  do-not-query-localhost: no",
            "  module-config: \"validator iterator\"",
            "  access-control: 127.0.0.0/8 allow",
            "  local-zone: \"test.\" nodefault",
            "  val-log-level: 2",
            .. (trustAnchors ? anchors.Select(a => $"  trust-anchor-file: \"{a}\"") : []),
            .. (insecure is { } parent ? [$"  domain-insecure: \"{parent.Zone}\""] : Array.Empty<string>()),
            .. signed.SelectMany(z => new[] { "stub-zone:", $"  name: \"{z.Origin}\"", $"  stub-addr: {nsdAddress.Address}@53" }),
            .. (insecure is { } stub ? ["stub-zone:", $"  name: \"{stub.Zone}\"", $"  stub-addr: {stub.Server.Address}@{stub.Server.Port}"] : Array.Empty<string>()),
            "remote-control:",
            "  control-enable: no",
            string.Empty]));
        var nsd = await DaemonProcess.StartAsync("nsd", "nsd", nsdAddress, "-d", "-c", nsdConf);
        try
        {
            var unbound = await DaemonProcess.StartAsync("unbound", "unbound", unboundAddress, "-d", "-c", unboundConf);
            return new DnssecLab(directory, nsd, unbound, signed);
        }
        catch
        {
            await nsd.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _unbound.DisposeAsync();
        await _nsd.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
