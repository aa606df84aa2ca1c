using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>
/// limit/continue paging over a list. Unlike etcd, later pages are read from the current state,
/// not from the first page's snapshot.
/// </summary>
internal static class ListPage
{
    public static (List<JsonObject> Items, string? Continue) Take(List<JsonObject> items, string? limitText, string? continueToken)
    {
        var after = Decode(continueToken);
        IEnumerable<JsonObject> rest = after is null ? items : items.Where(i => string.CompareOrdinal(Position(i), after) > 0);
        if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit <= 0)
        {
            return ([.. rest], null);
        }

        var all = rest.ToList();
        var page = all.Take(limit).ToList();
        return all.Count > limit ? (page, Encode(Position(page[^1]))) : (page, null);
    }

    // Items are listed by namespace, then name; "\0" separates the two so that the order is the same.
    private static string Position(JsonObject obj) => $"{ObjectMeta.Get(obj, "namespace")}\0{ObjectMeta.Get(obj, "name")}";

    private static string Encode(string position) => Convert.ToBase64String(Encoding.UTF8.GetBytes(position));

    private static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiErrors.BadRequest("the continue token is not one this server issued; list again without continue");
        }
    }
}
