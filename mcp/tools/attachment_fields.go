package tools

// attachmentsField lists a message's attachments in every tool that
// returns messages; get_attachment reads one by its id.
var attachmentsField = field{name: "attachments", src: "attachments", typ: oArray, items: attachmentFields}

var attachmentFields = []field{
	{name: "id", src: "id", typ: oString},
	{name: "filename", src: "filename", typ: oString, untrusted: true},
	{name: "content_type", src: "content_type", typ: oString, nullable: true},
	{name: "size", src: "size", typ: oInt},
	{name: "url", src: "url", typ: oString},
	{name: "width", src: "width", typ: oInt, nullable: true}, // images only
	{name: "height", src: "height", typ: oInt, nullable: true},
}
