// The oracle for tests/dcs_oracle.rs: .NET's (Mono's reference-source) DataContractSerializer,
// reading and writing the crate's data contracts exactly as ASP.NET Web API's
// XmlMediaTypeFormatter does.
//
// This file is the fixed driver only. The data contract types are NOT written here: the test
// generates them at run time from the crate's own declarations (`mspbackups::contract::Contract`,
// each model's `CONTRACT`) into Contracts.g.cs, which defines
// `DcsOracle.GeneratedContracts.TypeOf(name)`, and compiles both files together:
//
//   mcs -r:System.Runtime.Serialization -r:System.Xml -out:DcsOracle.exe DcsOracle.cs Contracts.g.cs
//
// Protocol: one request per stdin line, one JSON answer per stdout line, in order. The answers
// are pure ASCII (everything else is \u-escaped), so no console encoding can garble them.
//
//   type: a data contract name (`UsersAddModels`, `ProviderController.LoginUserBindingModel`)
//         or `ArrayOf` + one (a List<T> of it), as GeneratedContracts.TypeOf knows them.
//
//   D <TAB> type <TAB> charset <TAB> hex(body)   ("-" for an empty body)
//       charset: the Content-Type charset as MediaTypeHeaderValue.CharSet gives it (quotes
//                kept), "-" for none
//       -> {"model":VALUE|null,"error":"message"|null} (plus "exception":"TypeName" on error)
//
//   S <TAB> type <TAB> hex(UTF-8 JSON VALUE)
//       builds the object from VALUE and writes it as Web API would send it
//       -> {"hex":"...","readback":{...}}: the bytes, and what the same serializer reads back
//          from them (as for D)
//
//   VALUE (both ways): a model is an object of its data members by their DataMember names
//   (every member when dumped; any subset when building); strings are "..." or null, bools
//   true/false, Int32/Int64 numbers, enums their numeric value, Decimal and Guid their text as
//   .NET formats it, collections arrays (or null), DateTime {"ticks":"...","kind":"Utc|Local|
//   Unspecified"} (Local is written with the offset of the process's time zone, which the
//   caller sets with TZ).
//
//   Any other failure of a line -> {"fatal":"message"}.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
using System.Xml;

namespace DcsOracle
{
    public static class Program
    {
        public static int Main()
        {
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
            stdout.NewLine = "\n";
            string line;
            while ((line = Console.In.ReadLine()) != null)
            {
                if (line.Length == 0)
                {
                    continue;
                }
                string answer;
                try
                {
                    answer = Handle(line.Split('\t'));
                }
                catch (Exception e)
                {
                    answer = "{\"fatal\":" + Json(e.GetType().Name + ": " + e.Message) + "}";
                }
                stdout.WriteLine(answer);
                stdout.Flush();
            }
            return 0;
        }

        static string Handle(string[] f)
        {
            if (f[0] == "D" && f.Length == 4)
            {
                return Deserialize(TypeOf(f[1]), f[2], FromHex(f[3]));
            }
            if (f[0] == "S" && f.Length == 3)
            {
                Type type = TypeOf(f[1]);
                string json = new UTF8Encoding(false, true).GetString(FromHex(f[2]));
                return Serialize(type, Build(type, new JsonParser(json).Document()));
            }
            throw new ArgumentException("bad request line");
        }

        static Type TypeOf(string name)
        {
            Type type = GeneratedContracts.TypeOf(name);
            if (type == null)
            {
                throw new ArgumentException("unknown type " + name);
            }
            return type;
        }

        // XmlMediaTypeFormatter.SelectCharacterEncoding: the charset if it names a supported
        // encoding (UTF-8 without BOM, UTF-16LE with BOM), else the first one (UTF-8).
        static Encoding EncodingFor(string charset)
        {
            var utf8 = new UTF8Encoding(false, true);
            var utf16 = new UnicodeEncoding(false, true, true);
            if (charset == "-")
            {
                return utf8;
            }
            // Web API compares the charset as given (no trimming, no unquoting) with WebName.
            if (string.Equals(charset, utf16.WebName, StringComparison.OrdinalIgnoreCase))
            {
                return utf16;
            }
            return utf8;
        }

        // XmlMediaTypeFormatter.ReadFromStream: a text reader with the selected encoding, then
        // DataContractSerializer.ReadObject; any exception makes the model null.
        static string Deserialize(Type type, string charset, byte[] body)
        {
            object model;
            try
            {
                using (var stream = new MemoryStream(body))
                using (var reader = XmlDictionaryReader.CreateTextReader(
                    stream, EncodingFor(charset), XmlDictionaryReaderQuotas.Max, null))
                {
                    model = new DataContractSerializer(type).ReadObject(reader);
                }
            }
            catch (Exception e)
            {
                return "{\"model\":null,\"error\":" + Json(e.Message) + ",\"exception\":" + Json(e.GetType().Name) + "}";
            }
            return "{\"model\":" + Dump(model) + ",\"error\":null}";
        }

        static string Serialize(Type type, object value)
        {
            // XmlMediaTypeFormatter's writer settings (ctor + CreateXmlWriter): no declaration,
            // UTF-8 without BOM, CheckCharacters off. NewLineChars is Environment.NewLine there,
            // "\r\n" on the Windows server, so it is set explicitly here.
            var settings = new XmlWriterSettings
            {
                OmitXmlDeclaration = true,
                CloseOutput = false,
                CheckCharacters = false,
                Encoding = new UTF8Encoding(false, true),
                NewLineChars = "\r\n",
            };
            var stream = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(stream, settings))
            {
                new DataContractSerializer(type).WriteObject(writer, value);
            }
            byte[] bytes = stream.ToArray();
            return "{\"hex\":\"" + ToHex(bytes) + "\",\"readback\":" + Deserialize(type, "-", bytes) + "}";
        }

        // ---- data members, in DataContract order -------------------------------------------

        // Base-class members first, then each class's own members by Order, then ordinally by
        // name, as DataContractSerializer orders them.
        static List<KeyValuePair<string, PropertyInfo>> Members(Type type)
        {
            var chain = new List<Type>();
            for (Type t = type; t != null && t != typeof(object); t = t.BaseType)
            {
                chain.Insert(0, t);
            }
            var all = new List<KeyValuePair<string, PropertyInfo>>();
            foreach (Type t in chain)
            {
                var own = new List<KeyValuePair<string, PropertyInfo>>();
                var order = new Dictionary<string, int>();
                foreach (PropertyInfo p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    var dm = (DataMemberAttribute)Attribute.GetCustomAttribute(p, typeof(DataMemberAttribute));
                    if (dm != null)
                    {
                        own.Add(new KeyValuePair<string, PropertyInfo>(dm.Name ?? p.Name, p));
                        order[dm.Name ?? p.Name] = dm.Order;
                    }
                }
                own.Sort((a, b) => order[a.Key] != order[b.Key]
                    ? order[a.Key].CompareTo(order[b.Key])
                    : string.CompareOrdinal(a.Key, b.Key));
                all.AddRange(own);
            }
            return all;
        }

        static bool IsList(Type type)
        {
            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>);
        }

        // ---- VALUE -> object ---------------------------------------------------------------

        static object Build(Type type, object json)
        {
            Type under = Nullable.GetUnderlyingType(type);
            if (json == null)
            {
                if (type.IsValueType && under == null)
                {
                    throw new ArgumentException("null for the value type " + type.Name);
                }
                return null;
            }
            if (under != null)
            {
                type = under;
            }
            if (type == typeof(string))
            {
                return (string)json;
            }
            if (type == typeof(bool))
            {
                return (bool)json;
            }
            if (type == typeof(int))
            {
                return int.Parse(((JsonNumber)json).Text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            if (type == typeof(long))
            {
                return long.Parse(((JsonNumber)json).Text, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            if (type == typeof(decimal))
            {
                string text = json is JsonNumber ? ((JsonNumber)json).Text : (string)json;
                return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            if (type == typeof(Guid))
            {
                return Guid.Parse((string)json);
            }
            if (type == typeof(DateTime))
            {
                var o = (Dictionary<string, object>)json;
                var kind = (DateTimeKind)Enum.Parse(typeof(DateTimeKind), (string)o["kind"]);
                return new DateTime(long.Parse((string)o["ticks"], CultureInfo.InvariantCulture), kind);
            }
            if (type.IsEnum)
            {
                return Enum.ToObject(type, long.Parse(((JsonNumber)json).Text, CultureInfo.InvariantCulture));
            }
            if (IsList(type))
            {
                var list = (IList)Activator.CreateInstance(type);
                Type item = type.GetGenericArguments()[0];
                foreach (object j in (List<object>)json)
                {
                    list.Add(Build(item, j));
                }
                return list;
            }
            var fields = (Dictionary<string, object>)json;
            object model = Activator.CreateInstance(type);
            var members = Members(type);
            foreach (KeyValuePair<string, object> field in fields)
            {
                PropertyInfo property = null;
                foreach (var m in members)
                {
                    if (m.Key == field.Key)
                    {
                        property = m.Value;
                    }
                }
                if (property == null)
                {
                    throw new ArgumentException(type.Name + " has no data member " + field.Key);
                }
                property.SetValue(model, Build(property.PropertyType, field.Value), null);
            }
            return model;
        }

        // ---- object -> VALUE ---------------------------------------------------------------

        static string Dump(object value)
        {
            if (value == null)
            {
                return "null";
            }
            if (value is string)
            {
                return Json((string)value);
            }
            if (value is bool)
            {
                return (bool)value ? "true" : "false";
            }
            if (value is int)
            {
                return ((int)value).ToString(CultureInfo.InvariantCulture);
            }
            if (value is long)
            {
                return ((long)value).ToString(CultureInfo.InvariantCulture);
            }
            if (value is decimal)
            {
                return Json(((decimal)value).ToString(CultureInfo.InvariantCulture));
            }
            if (value is Guid)
            {
                return Json(((Guid)value).ToString());
            }
            if (value is Enum)
            {
                return Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            }
            if (value is DateTime)
            {
                var d = (DateTime)value;
                return "{\"ticks\":\"" + d.Ticks.ToString(CultureInfo.InvariantCulture) + "\",\"kind\":\"" + d.Kind + "\"}";
            }
            if (value is IList)
            {
                var sb = new StringBuilder("[");
                foreach (object item in (IList)value)
                {
                    if (sb.Length > 1)
                    {
                        sb.Append(',');
                    }
                    sb.Append(Dump(item));
                }
                return sb.Append(']').ToString();
            }
            var o = new StringBuilder("{");
            foreach (var m in Members(value.GetType()))
            {
                if (o.Length > 1)
                {
                    o.Append(',');
                }
                o.Append(Json(m.Key)).Append(':').Append(Dump(m.Value.GetValue(value, null)));
            }
            return o.Append('}').ToString();
        }

        static string Json(string s)
        {
            if (s == null)
            {
                return "null";
            }
            var sb = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\')
                {
                    sb.Append('\\').Append(c);
                }
                else if (c < 0x20 || c > 0x7E)
                {
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }
            }
            return sb.Append('"').ToString();
        }

        static byte[] FromHex(string hex)
        {
            if (hex == "-")
            {
                return new byte[0];
            }
            if (hex.Length % 2 != 0)
            {
                throw new ArgumentException("odd hex length");
            }
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = byte.Parse(hex.Substring(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
            return bytes;
        }

        static string ToHex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }

    // A JSON number, kept as its text so that Int64 values survive.
    sealed class JsonNumber
    {
        public readonly string Text;
        public JsonNumber(string text) { Text = text; }
    }

    // Just enough JSON for VALUE: objects (Dictionary<string, object>), arrays (List<object>),
    // strings, JsonNumber, bool, null.
    sealed class JsonParser
    {
        readonly string s;
        int i;

        public JsonParser(string text) { s = text; }

        public object Document()
        {
            object v = Value();
            Space();
            if (i != s.Length)
            {
                throw new FormatException("JSON: trailing text at " + i);
            }
            return v;
        }

        void Space()
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            {
                i++;
            }
        }

        void Expect(char c)
        {
            Space();
            if (i >= s.Length || s[i] != c)
            {
                throw new FormatException("JSON: expected '" + c + "' at " + i);
            }
            i++;
        }

        bool Word(string w)
        {
            if (string.CompareOrdinal(s, i, w, 0, w.Length) == 0)
            {
                i += w.Length;
                return true;
            }
            return false;
        }

        object Value()
        {
            Space();
            if (i >= s.Length)
            {
                throw new FormatException("JSON: unexpected end");
            }
            char c = s[i];
            if (c == '{')
            {
                i++;
                var o = new Dictionary<string, object>();
                Space();
                if (s[i] == '}')
                {
                    i++;
                    return o;
                }
                while (true)
                {
                    Space();
                    string key = String();
                    Expect(':');
                    o.Add(key, Value());
                    Space();
                    if (s[i] == ',')
                    {
                        i++;
                        continue;
                    }
                    Expect('}');
                    return o;
                }
            }
            if (c == '[')
            {
                i++;
                var a = new List<object>();
                Space();
                if (s[i] == ']')
                {
                    i++;
                    return a;
                }
                while (true)
                {
                    a.Add(Value());
                    Space();
                    if (s[i] == ',')
                    {
                        i++;
                        continue;
                    }
                    Expect(']');
                    return a;
                }
            }
            if (c == '"')
            {
                return String();
            }
            if (Word("null"))
            {
                return null;
            }
            if (Word("true"))
            {
                return true;
            }
            if (Word("false"))
            {
                return false;
            }
            int start = i;
            while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0)
            {
                i++;
            }
            if (i == start)
            {
                throw new FormatException("JSON: unexpected '" + c + "' at " + i);
            }
            return new JsonNumber(s.Substring(start, i - start));
        }

        string String()
        {
            if (s[i] != '"')
            {
                throw new FormatException("JSON: expected a string at " + i);
            }
            i++;
            var sb = new StringBuilder();
            while (s[i] != '"')
            {
                char c = s[i++];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                char e = s[i++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        sb.Append((char)int.Parse(s.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: throw new FormatException("JSON: bad escape at " + i);
                }
            }
            i++;
            return sb.ToString();
        }
    }
}
