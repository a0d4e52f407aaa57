#!/usr/bin/env python3
"""Checks E-ARK SIP packages with eark-validator (PyPI, pinned in requirements.txt), offline.

    validate.py PACKAGE_FOLDER...

Prints one JSON object per package, as a list: eark-validator's structure, METS schema and
schematron results for the root METS, and what eark-validator 1.1.3 does not check itself: every
representation METS against the same schema, and every file and metadata reference's presence,
SIZE and SHA-256.

eark-validator fetches four CSIP vocabularies when it is imported. Its wheel ships them, so
urllib's urlopen is replaced first: those four addresses are served from the bundled copies and
every other address is refused, so the check never touches the network.
"""
import hashlib
import importlib.util
import io
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

_spec = importlib.util.find_spec('eark_validator')
if _spec is None or not _spec.submodule_search_locations:
    sys.exit('eark_validator is not installed in this interpreter')
VOCABS = Path(list(_spec.submodule_search_locations)[0]) / 'ipxml' / 'resources' / 'vocabs'
BUNDLED = {
    f'https://earkcsip.dilcis.eu/schema/{name}': VOCABS / name
    for name in ('CSIPVocabularyContentCategory.xml', 'CSIPVocabularyContentInformationType.xml',
                 'CSIPVocabularyOAISPackageType.xml', 'CSIPVocabularyStatus.xml')
}
SERVED = []


def _offline(url, *args, **kwargs):
    address = url.full_url if isinstance(url, urllib.request.Request) else str(url)
    local = BUNDLED.get(address)
    if local is not None and local.is_file():
        SERVED.append(address)
        return io.BytesIO(local.read_bytes())
    raise urllib.error.URLError(f'offline: {address} is not fetched')


urllib.request.urlopen = _offline

from lxml import etree  # noqa: E402
from eark_validator.ipxml.schema import IP_SCHEMA  # noqa: E402
from eark_validator.packages import PackageValidator  # noqa: E402
from eark_validator.specifications.specification import SpecificationVersion  # noqa: E402

METS = 'http://www.loc.gov/METS/'
HREF = '{http://www.w3.org/1999/xlink}href'


def _value(x):
    return getattr(x, 'value', x)


def _references(mets: Path):
    """Every mets:file/FLocat and mets:mdRef: present, with the SIZE and SHA-256 METS gives."""
    problems, checked = [], 0
    for el in etree.parse(str(mets)).iter(f'{{{METS}}}file', f'{{{METS}}}mdRef'):
        loc = el.find(f'{{{METS}}}FLocat') if el.tag.endswith('}file') else el
        href = loc.get(HREF) if loc is not None else None
        if not href:
            problems.append(f'{el.get("ID")}: no xlink:href')
            continue
        target = mets.parent / href
        checked += 1
        if not target.is_file():
            problems.append(f'{href}: missing')
            continue
        data = target.read_bytes()
        if el.get('SIZE') != str(len(data)):
            problems.append(f'{href}: SIZE {el.get("SIZE")}, the file has {len(data)} bytes')
        if el.get('CHECKSUMTYPE') != 'SHA-256':
            problems.append(f'{href}: CHECKSUMTYPE {el.get("CHECKSUMTYPE")}')
        elif (el.get('CHECKSUM') or '').lower() != hashlib.sha256(data).hexdigest():
            problems.append(f'{href}: SHA-256 differs')
        if not el.get('CREATED'):
            problems.append(f'{href}: no CREATED')
    return {'checked': checked, 'problems': problems}


def _schema(path: Path):
    schema = IP_SCHEMA['csip']
    valid = schema.validate(etree.parse(str(path)))
    return {'valid': bool(valid), 'errors': [f'{e.line}:{e.column} {e.message}' for e in schema.error_log]}


def check(package: Path):
    report = PackageValidator(package, SpecificationVersion('V2.1.0')).validation_report
    md = report.metadata
    out = {
        'package': package.name,
        'structure': _value(report.structure.status) if report.structure else None,
        'structure_messages': [[m.rule_id, _value(m.severity)] for m in (report.structure.messages if report.structure else [])],
        'schema': _value(md.schema_results.status) if md else None,
        'schema_messages': [m.message for m in md.schema_results.messages] if md else [],
        'schematron': [[m.rule_id, _value(m.severity), m.message]
                       for m in (md.schematron_results.messages if md else [])],
        'references': {'METS.xml': _references(package / 'METS.xml')},
        'representations': {},
    }
    for mptr in etree.parse(str(package / 'METS.xml')).iter(f'{{{METS}}}mptr'):
        rep = package / mptr.get(HREF)
        rel = str(rep.relative_to(package))
        out['representations'][rel] = _schema(rep) if rep.is_file() else {'valid': False, 'errors': ['missing']}
        if rep.is_file():
            out['references'][rel] = _references(rep)
    return out


if __name__ == '__main__':
    results = [check(Path(p)) for p in sys.argv[1:]]
    print(json.dumps({'served_offline': sorted(set(SERVED)), 'packages': results}, ensure_ascii=False))
