"""Reference stage: the code sets and CMS/X12 tables every other stage looks things up in.

- :mod:`painrcm.reference.codes` - the pain CPT/HCPCS code set with CMS indicators (``lookup``)
- :mod:`painrcm.reference.ncci` - NCCI PTP pairs (``ptp_edit``) and MUEs (``mue``)
- :mod:`painrcm.reference.mpfs` - PFS RVUs, GPCIs, ``medicare_allowed``
- :mod:`painrcm.reference.adjustments` - CARC, RARC, claim adjustment group codes
- :mod:`painrcm.reference.pos` - place of service codes, facility rate setting
- :mod:`painrcm.reference.icd10` - ICD-10-CM validity, billability, descriptions

Data lives in ``data/`` (built by ``scripts/build_reference_data.py``; see
``docs/data-sources.md``); every table loads on first use and is cached.
"""
