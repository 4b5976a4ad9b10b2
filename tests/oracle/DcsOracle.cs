// The oracle for tests/dcs_oracle.rs: .NET's (Mono's reference-source) DataContractSerializer,
// reading and writing the MBS server's data contracts exactly as ASP.NET Web API's
// XmlMediaTypeFormatter does.
//
// Build: mcs -r:System.Runtime.Serialization -r:System.Xml -out:DcsOracle.exe DcsOracle.cs
//
// Protocol: one request per stdin line, one JSON answer per stdout line, in order. The answers
// are pure ASCII (everything else is \u-escaped), so no console encoding can garble them.
//
//   D <TAB> type <TAB> charset <TAB> hex(body)   ("-" for an empty body)
//       type: LicenseOperation | LoginUserBindingModel | UsersAddModels | LicensesModels |
//             ArrayOfLicensesModels (List<LicensesModels>)
//       charset: the Content-Type charset as MediaTypeHeaderValue.CharSet gives it (quotes
//                kept), "-" for none
//       -> {"model":{...}|null,"error":"message"|null} (plus "exception":"TypeName" on error)
//          model members in DataContract order: strings are "..." or null, bools true/false,
//          Int32 numbers, enums their numeric value, collections arrays (or null), DateTime
//          {"ticks":"...","kind":"Utc|Local|Unspecified"}.
//
//   S <TAB> one|list <TAB> record(;record)*
//       record: the 11 LicensesModels members in declaration order (ID, Number, ComputerName,
//       OperatingSystem, IsTrial, IsTaken, LicenseType, DateExpired, Transaction, User, UserID)
//       joined by ','; a string is '~' (null) or 'h' + hex(UTF-8); Number decimal; bools
//       true/false; DateExpired Kind:ticks (Kind = Utc|Local|Unspecified, ticks = DateTime.Ticks
//       of the clock time in that kind; Local is written with the offset of the process's time
//       zone, which the caller sets with TZ).
//       -> {"hex":"...","readback":{...}}: the bytes Web API would send (LicensesModels, or
//          List<LicensesModels>), and what the same serializer reads back from them (as for D).
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

namespace MBSAPImvc.Engine.Models
{
    // Plain classes, as the server's Web API models are: DCS then takes every public read/write
    // property, names the contract after the class, puts it in
    // http://schemas.datacontract.org/2004/07/<CLR namespace> and orders members ordinally.
    public class LicenseOperation
    {
        public string LicenseID { get; set; }
        public string UserID { get; set; }
    }

    public class LicensesModels
    {
        public string ID { get; set; }
        public int Number { get; set; }
        public string ComputerName { get; set; }
        public string OperatingSystem { get; set; }
        public bool IsTrial { get; set; }
        public bool IsTaken { get; set; }
        public string LicenseType { get; set; }
        public DateTime DateExpired { get; set; }
        public string Transaction { get; set; }
        public string User { get; set; }
        public string UserID { get; set; }
    }

    public enum UserModeType
    {
        Manual = 0,
        Automatic = 1,
        CompanySettings = 2,
    }

    public class DestinationForNewUser
    {
        public string AccountID { get; set; }
        public string Destination { get; set; }
        public int PackageID { get; set; }
    }

    public class UsersAddModels
    {
        public string Email { get; set; }
        public string FirstName { get; set; }
        public string LastName { get; set; }
        public List<string> NotificationEmails { get; set; }
        public string Company { get; set; }
        public bool Enabled { get; set; }
        public string Password { get; set; }
        public List<DestinationForNewUser> DestinationList { get; set; }
        public bool SendEmailInstruction { get; set; }
        public UserModeType LicenseManagmentMode { get; set; }
    }
}

namespace MBSAPImvc.Controllers
{
    public class ProviderController
    {
        public class LoginUserBindingModel
        {
            public string UserName { get; set; }
            public string Password { get; set; }
        }
    }
}

namespace DcsOracle
{
    using MBSAPImvc.Controllers;
    using MBSAPImvc.Engine.Models;

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
                return Serialize(f[1], f[2]);
            }
            throw new ArgumentException("bad request line");
        }

        static Type TypeOf(string name)
        {
            switch (name)
            {
                case "LicenseOperation": return typeof(LicenseOperation);
                case "LoginUserBindingModel": return typeof(ProviderController.LoginUserBindingModel);
                case "UsersAddModels": return typeof(UsersAddModels);
                case "LicensesModels": return typeof(LicensesModels);
                case "ArrayOfLicensesModels": return typeof(List<LicensesModels>);
                default: throw new ArgumentException("unknown type " + name);
            }
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

        static string Serialize(string mode, string records)
        {
            var list = new List<LicensesModels>();
            foreach (string r in records.Split(';'))
            {
                list.Add(Record(r.Split(',')));
            }
            object value;
            if (mode == "one")
            {
                if (list.Count != 1)
                {
                    throw new ArgumentException("'one' takes one record");
                }
                value = list[0];
            }
            else if (mode == "list")
            {
                value = list;
            }
            else
            {
                throw new ArgumentException("mode is one or list");
            }
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
                new DataContractSerializer(value.GetType()).WriteObject(writer, value);
            }
            byte[] bytes = stream.ToArray();
            return "{\"hex\":\"" + ToHex(bytes) + "\",\"readback\":" + Deserialize(value.GetType(), "-", bytes) + "}";
        }

        static LicensesModels Record(string[] f)
        {
            if (f.Length != 11)
            {
                throw new ArgumentException("a record has 11 fields, not " + f.Length);
            }
            return new LicensesModels
            {
                ID = Str(f[0]),
                Number = int.Parse(f[1], CultureInfo.InvariantCulture),
                ComputerName = Str(f[2]),
                OperatingSystem = Str(f[3]),
                IsTrial = bool.Parse(f[4]),
                IsTaken = bool.Parse(f[5]),
                LicenseType = Str(f[6]),
                DateExpired = Date(f[7]),
                Transaction = Str(f[8]),
                User = Str(f[9]),
                UserID = Str(f[10]),
            };
        }

        static string Str(string field)
        {
            if (field == "~")
            {
                return null;
            }
            if (field.Length == 0 || field[0] != 'h')
            {
                throw new ArgumentException("a string field is ~ or h<hex>");
            }
            return new UTF8Encoding(false, true).GetString(FromHex(field.Substring(1)));
        }

        static DateTime Date(string field)
        {
            string[] p = field.Split(':');
            var kind = (DateTimeKind)Enum.Parse(typeof(DateTimeKind), p[0]);
            return new DateTime(long.Parse(p[1], CultureInfo.InvariantCulture), kind);
        }

        // ---- the model as JSON, members in DataContract (ordinal) order -------------------

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
            var props = new List<PropertyInfo>(value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance));
            props.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var o = new StringBuilder("{");
            foreach (PropertyInfo p in props)
            {
                if (o.Length > 1)
                {
                    o.Append(',');
                }
                o.Append(Json(p.Name)).Append(':').Append(Dump(p.GetValue(value, null)));
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
}
