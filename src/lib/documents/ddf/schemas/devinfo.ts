// The DevInfo DDF shipped with the studio, as DDF XML text (sources cited in its header comment).
// Kept as a string module so the library needs no file access (it runs in the browser too).
export const DEVINFO_DDF = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MgmtTree PUBLIC "-//OMA//DTD-DM-DDF 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/DM_DDF-V1_2.dtd">
<!--
  DevInfo management object, OMA DM 1.2 (urn:oma:mo:oma-dm-devinfo:1.0).
  Written for Provisioning Studio from OMA-TS-DM_StdObj-V1_2 §7.1.3.2 (node list and figure 7.1.3.2 in repo
  MarcoRosso/OMA-DM.Documents: Ext? and Bearer? optional interior nodes, DevId, Man, Mod, DmV, Lang exactly once).
  Formats, access (Get) and scope (Permanent) as in Microsoft's DevInfo DDF (MicrosoftDocs/windows-itpro-docs,
  windows/client-management/mdm/devinfo-ddf-file.md): every leaf chr, One, Get, Permanent, text/plain.
-->
<MgmtTree xmlns="syncml:dmddf1.2">
	<VerDTD>1.2</VerDTD>
	<Node>
		<NodeName>DevInfo</NodeName>
		<Path>.</Path>
		<DFProperties>
			<AccessType><Get/></AccessType>
			<DFFormat><node/></DFFormat>
			<Occurrence><One/></Occurrence>
			<Scope><Permanent/></Scope>
			<DFType><DDFName>urn:oma:mo:oma-dm-devinfo:1.0</DDFName></DFType>
		</DFProperties>
		<Node>
			<NodeName>Ext</NodeName>
			<DFProperties>
				<AccessType><Get/></AccessType>
				<DFFormat><node/></DFFormat>
				<Occurrence><ZeroOrOne/></Occurrence>
				<Scope><Permanent/></Scope>
				<DFType><DDFName/></DFType>
			</DFProperties>
		</Node>
		<Node>
			<NodeName>Bearer</NodeName>
			<DFProperties>
				<AccessType><Get/></AccessType>
				<DFFormat><node/></DFFormat>
				<Occurrence><ZeroOrOne/></Occurrence>
				<Scope><Permanent/></Scope>
				<DFType><DDFName/></DFType>
			</DFProperties>
		</Node>
		<Node>
			<NodeName>DevId</NodeName>
			<DFProperties>
				<AccessType><Get/></AccessType>
				<DFFormat><chr/></DFFormat>
				<Occurrence><One/></Occurrence>
				<Scope><Permanent/></Scope>
				<DFType><MIME>text/plain</MIME></DFType>
			</DFProperties>
		</Node>
		<Node>
			<NodeName>Man</NodeName>
			<DFProperties>
				<AccessType><Get/></AccessType>
				<DFFormat><chr/></DFFormat>
				<Occurrence><One/></Occurrence>
				<Scope><Permanent/></Scope>
				<DFType><MIME>text/plain</MIME></DFType>
			</DFProperties>
		</Node>
		<Node>
			<NodeName>Mod</NodeName>
			<DFProperties>
				<AccessType><Get/></AccessType>
				<DFFormat><chr/></DFFormat>
				<Occurrence><One/></Occurrence>
				<Scope><Permanent/></Scope>
				<DFType><MIME>text/plain</MIME></DFType>
			</DFProperties>
		</Node>
		<Node>
			<NodeName>DmV</NodeName>
			<DFProperties>
				<AccessType><Get/></AccessType>
				<DFFormat><chr/></DFFormat>
				<Occurrence><One/></Occurrence>
				<Scope><Permanent/></Scope>
				<DFType><MIME>text/plain</MIME></DFType>
			</DFProperties>
		</Node>
		<Node>
			<NodeName>Lang</NodeName>
			<DFProperties>
				<AccessType><Get/></AccessType>
				<DFFormat><chr/></DFFormat>
				<Occurrence><One/></Occurrence>
				<Scope><Permanent/></Scope>
				<DFType><MIME>text/plain</MIME></DFType>
			</DFProperties>
		</Node>
	</Node>
</MgmtTree>
`;
