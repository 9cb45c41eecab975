# Rewrites the section "FRUS's Schematron, by code" of docs/rules.md from the
# table of asserts in docs/schematron.md (run from the repository root).
import re,sys,collections
s=open('docs/schematron.md').read()
a=s.index('## The asserts'); b=s.index('\n## ',a+5)
codes=[l.split('"')[1] for l in open('src/rules/codes.rs') if re.match(r'\s+\w+ = "[a-z-]+", \w+,',l)]
by=collections.OrderedDict(); tei=[]; none=[]; proposed=[]
for line in s[a:b].splitlines():
    c=[x.strip().replace('\0','|') for x in line.replace('\\|','\0').split('|')]
    if len(c)<10 or '.sch:' not in c[2]: continue
    rid=c[1]; cell=c[8]
    if cell.startswith('TEI only'): tei.append(rid); continue
    if cell.startswith('none'): none.append(rid); continue
    if cell.startswith('new:'): proposed.append(rid); continue
    named=[w for w in cell.split('`')[1::2] if w in codes]
    for n in dict.fromkeys(named): by.setdefault(n,[]).append(rid)
out=["## FRUS's Schematron, by code","",
"`docs/schematron.md` goes through every assert of FRUS's five Schematron files (`F` frus.sch,",
"`C` frus-characters.sch, `D` frus-dates.sch, `I` frus-id-checks.sch, `S`",
"frus-signatures.sch, numbered in file order) and says how each is found in the markup.",
"This is the same map by code; `tests/schematron_map.rs` keeps the two in agreement, and",
"`tests/schematron_parity.rs` runs both tools on ten real volumes.","",
"| code | asserts |","|---|---|"]
for code in codes:
    if code in by: out.append(f"| `{code}` | {', '.join(by[code])} |")
out.append(f"| TEI only: the `teiHeader`, the file, attributes the markup has no place for; they apply when TEI is checked directly | {', '.join(tei)} |")
if proposed: out.append(f"| proposed in `docs/schematron.md`, not built yet | {', '.join(proposed)} |")
out.append(f"| none: XML nesting or typesetting that the markup cannot express or the export always writes right (each row says which) | {', '.join(none)} |")
t="\n".join(out)+"\n"
r=open('docs/rules.md').read()
if "## FRUS's Schematron, by code" in r:
    i=r.index("## FRUS's Schematron, by code"); j=r.find('\n## ',i+5)
    r=r[:i]+t+(r[j+1:] if j>=0 else '')
else:
    r=r.rstrip('\n')+"\n\n"+t
open('docs/rules.md','w').write(r)
