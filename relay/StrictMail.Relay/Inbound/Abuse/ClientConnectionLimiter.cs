using System.Net;

namespace StrictMail.Relay.Inbound.Abuse;

/// <summary>Open sessions per client (its <see cref="ClientKey"/>), so that one client cannot hold every connection slot; <paramref name="limit"/> 0 means no limit.</summary>
internal sealed class ClientConnectionLimiter(int limit)
{
    private readonly Dictionary<IPAddress, int> _open = [];
    private readonly Lock _gate = new();

    /// <summary>Counts a new session from <paramref name="client"/>; false (and nothing counted) when it already has the limit open.</summary>
    public bool TryEnter(IPAddress client)
    {
        client = ClientKey.Of(client);
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(client);
            if (limit > 0 && open >= limit)
            {
                return false;
            }

            _open[client] = open + 1;
            return true;
        }
    }

    /// <summary>Counts the end of a session that <see cref="TryEnter"/> let in.</summary>
    public void Leave(IPAddress client)
    {
        client = ClientKey.Of(client);
        lock (_gate)
        {
            if (_open.TryGetValue(client, out var open))
            {
                if (open <= 1)
                {
                    _open.Remove(client);
                }
                else
                {
                    _open[client] = open - 1;
                }
            }
        }
    }

    /// <summary>Sessions open from <paramref name="client"/>.</summary>
    public int Open(IPAddress client)
    {
        client = ClientKey.Of(client);
        lock (_gate)
        {
            return _open.GetValueOrDefault(client);
        }
    }
}
