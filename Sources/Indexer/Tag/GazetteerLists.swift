import Foundation

/// Hand-written name lists for the gazetteer features and for subtypes. Entries are separated by `|`.
package enum GazetteerLists {
  /// Countries and common country short forms.
  package static let countries = """
    Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria|Azerbaijan|\
    Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Bosnia and Herzegovina|\
    Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon|Canada|Cape Verde|\
    Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Ivory Coast|Croatia|Cuba|Cyprus|\
    Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|East Timor|Ecuador|Egypt|El Salvador|\
    Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|\
    Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|\
    Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|North Korea|South Korea|Korea|Kosovo|Kuwait|\
    Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|\
    Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco|Mongolia|\
    Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand|Nicaragua|Niger|\
    Nigeria|North Macedonia|Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|\
    Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saint Lucia|Samoa|San Marino|Saudi Arabia|Senegal|\
    Serbia|Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Sudan|\
    Spain|Sri Lanka|Sudan|Suriname|Swaziland|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|\
    Tonga|Trinidad and Tobago|Trinidad|Tunisia|Turkey|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|UAE|\
    United Kingdom|UK|U.K.|Britain|Great Britain|England|Scotland|Wales|Northern Ireland|United States|\
    United States of America|U.S.|US|USA|U.S.A.|America|Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|\
    Yemen|Zambia|Zimbabwe|Yugoslavia|Soviet Union|USSR|Czechoslovakia|Zaire|Hong Kong|Macau|Macao|Puerto Rico|\
    Greenland|Tibet|Chechnya|Kurdistan|PRC|West Bank|Gaza|Gaza Strip
    """

  /// Cities, states, provinces, regions and other places.
  package static let places = """
    Washington|New York|Los Angeles|Chicago|Houston|Boston|San Francisco|Seattle|Miami|Atlanta|Dallas|Denver|\
    Detroit|Philadelphia|Phoenix|Las Vegas|New Orleans|Baltimore|Pittsburgh|Cleveland|Minneapolis|St. Louis|\
    San Diego|San Jose|Austin|Nashville|Portland|Toronto|Montreal|Vancouver|Ottawa|Mexico City|London|Paris|Berlin|\
    Madrid|Rome|Milan|Vienna|Brussels|Amsterdam|Geneva|Zurich|Frankfurt|Munich|Hamburg|Stockholm|Oslo|Copenhagen|\
    Helsinki|Warsaw|Prague|Budapest|Bucharest|Sofia|Athens|Lisbon|Dublin|Edinburgh|Manchester|Liverpool|\
    Birmingham|Glasgow|Moscow|St Petersburg|Kiev|Kyiv|Minsk|Istanbul|Ankara|Tehran|Baghdad|Damascus|Beirut|Amman|\
    Jerusalem|Tel Aviv|Cairo|Riyadh|Dubai|Abu Dhabi|Doha|Kabul|Islamabad|Karachi|Lahore|New Delhi|Delhi|Mumbai|\
    Bombay|Calcutta|Kolkata|Bangalore|Bengaluru|Chennai|Madras|Dhaka|Colombo|Kathmandu|Bangkok|Hanoi|Ho Chi Minh City|\
    Saigon|Phnom Penh|Kuala Lumpur|Jakarta|Manila|Beijing|Peking|Shanghai|Shenzhen|Guangzhou|Chongqing|Tianjin|\
    Wuhan|Chengdu|Hangzhou|Nanjing|Xian|Xi'an|Harbin|Dalian|Xinjiang|Guangdong|Sichuan|Hubei|Zhejiang|Jiangsu|\
    Fujian|Shandong|Yunnan|Inner Mongolia|Taipei|Kaohsiung|Seoul|Busan|Pyongyang|Tokyo|Osaka|Kyoto|Yokohama|\
    Nagoya|Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra|Auckland|Wellington|Johannesburg|Cape Town|Pretoria|\
    Durban|Lagos|Abuja|Nairobi|Addis Ababa|Kinshasa|Khartoum|Algiers|Tunis|Casablanca|Rabat|Dakar|Accra|Harare|\
    Lusaka|Luanda|Kampala|Mogadishu|Sao Paulo|Rio de Janeiro|Rio|Brasilia|Buenos Aires|Santiago|Lima|Bogota|Caracas|\
    Quito|Havana|Montevideo|La Paz|Sarajevo|Belgrade|Zagreb|Ljubljana|Bratislava|Tbilisi|Yerevan|Baku|Tashkent|\
    Almaty|Astana|Singapore|Taiwan Strait|Silicon Valley|Wall Street|Hollywood|Manhattan|Brooklyn|\
    Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|\
    Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|\
    Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|\
    Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|West Virginia|\
    Wisconsin|Wyoming|Ontario|Quebec|British Columbia|Alberta|Bavaria|Catalonia|Kashmir|Punjab|Crimea|Donbas|\
    Siberia|Kosovo|Gulf|Persian Gulf|Middle East|Far East|Asia|Southeast Asia|South Asia|East Asia|Central Asia|\
    Europe|Eastern Europe|Western Europe|Africa|North Africa|West Africa|East Africa|Latin America|South America|\
    North America|Central America|Caribbean|Pacific|Atlantic|Mediterranean|Balkans|Scandinavia|Antarctica|\
    Arctic|Asia-Pacific|Indian Ocean|Pacific Ocean|Atlantic Ocean|South China Sea|East China Sea|Red Sea|\
    Black Sea|Baltic|Himalayas|Alps|Sahara|Amazon|Nile|Thames|Danube|Rhine|Yangtze|Mekong|Gobi|\
    Pearl River Delta|Greater Bay Area|Lombardy|Normandy|Provence|Tuscany|Flanders|Wallonia|Ulster|Yorkshire|\
    Lancashire|Kent|Surrey|Sussex|Essex|Somerset|Glamorgan|Leicestershire|Derbyshire|Nottinghamshire|\
    Gloucestershire|Worcestershire|Warwickshire|Northamptonshire|Hampshire|Durham|Middlesex|Queensland|Victoria|\
    Tasmania|Kowloon|Macau|Guam|Okinawa|Hokkaido|Bali|Java|Sumatra|Borneo|Mindanao|Luzon|Sri Lanka
    """

  /// Nationalities, demonyms, religions and other groups (MISC/NORP).
  package static let nationalities = """
    Afghan|Albanian|Algerian|American|Americans|Angolan|Argentine|Argentinian|Armenian|Asian|Australian|Austrian|\
    Azerbaijani|Bahraini|Bangladeshi|Belarusian|Belgian|Bolivian|Bosnian|Brazilian|British|Briton|Britons|\
    Bulgarian|Burmese|Cambodian|Cameroonian|Canadian|Chilean|Chinese|Colombian|Congolese|Croatian|Croat|Cuban|\
    Cypriot|Czech|Danish|Dane|Dutch|Ecuadorian|Egyptian|English|Eritrean|Estonian|Ethiopian|European|Europeans|\
    Filipino|Finnish|French|Georgian|German|Germans|Ghanaian|Greek|Guatemalan|Haitian|Honduran|Hungarian|\
    Icelandic|Indian|Indians|Indonesian|Iranian|Iraqi|Irish|Israeli|Israelis|Italian|Italians|Jamaican|Japanese|\
    Jordanian|Kazakh|Kenyan|Korean|Kosovar|Kurdish|Kurd|Kurds|Kuwaiti|Kyrgyz|Laotian|Latvian|Lebanese|Liberian|\
    Libyan|Lithuanian|Macedonian|Malaysian|Maltese|Mexican|Moldovan|Mongolian|Montenegrin|Moroccan|Mozambican|\
    Namibian|Nepalese|New Zealander|Nicaraguan|Nigerian|Norwegian|Omani|Pakistani|Palestinian|Palestinians|\
    Panamanian|Paraguayan|Persian|Peruvian|Polish|Portuguese|Qatari|Romanian|Russian|Russians|Rwandan|Saudi|\
    Scottish|Scot|Senegalese|Serb|Serbs|Serbian|Sierra Leonean|Singaporean|Slovak|Slovenian|Somali|South African|\
    South Korean|North Korean|Spanish|Sri Lankan|Sudanese|Swedish|Swede|Swiss|Syrian|Taiwanese|Tajik|Tanzanian|\
    Thai|Tibetan|Tunisian|Turkish|Turk|Turks|Ugandan|Ukrainian|Uruguayan|Uzbek|Venezuelan|Vietnamese|Welsh|\
    Yemeni|Yugoslav|Zambian|Zimbabwean|Western|Eastern|Arab|Arabs|Arabic|African|Latin American|Asian-Pacific|\
    Soviet|Muslim|Muslims|Moslem|Moslems|Islamic|Christian|Christians|Catholic|Catholics|Protestant|Jewish|Jews|\
    Jew|Hindu|Hindus|Buddhist|Sikh|Shi'ite|Shiite|Sunni|Orthodox|Anglo|Hispanic|Latino|Asian American|Uighur|\
    Uyghur|Han|Tamil|Pashtun|Hutu|Tutsi|Republican|Republicans|Democrat|Democrats|Democratic|Communist|\
    Communists|Conservative|Conservatives|Labour|Socialist|Socialists|Nazi|Nazis|Mandarin|Cantonese|Hebrew|\
    Hindi|Urdu|Swahili|Latin|Bavarian|Texan|Californian|Parisian|Londoner|Olympic|Olympics|Nobel|Christmas|Easter|\
    Ramadan|Eid|World Cup|Grand Prix|Internet|Euro|Davis Cup|Tour de France|Wimbledon|U.S. Open|French Open|\
    Australian Open|Super Bowl|Champions League|Premier League|Bundesliga|Serie A|Formula One|Oscar|Oscars|\
    Grammy|Cold War|World War Two|World War II|Brexit|ChatGPT|WeChat|iPhone|Android|Windows|Linux|BeiDou|\
    Weibo|Gemini|Copilot|Llama|PlayStation|Xbox|Boeing 737|Model 3|Covid|COVID-19|Belt and Road
    """

  /// Companies, including Chinese technology firms and major news agencies.
  package static let companies = """
    DeepSeek|Huawei|Huawei Technologies|Tencent|Tencent Holdings|Alibaba|Alibaba Group|ByteDance|TikTok|SMIC|\
    Semiconductor Manufacturing International|Nvidia|NVIDIA|Baidu|Xiaomi|BYD|ZTE|Lenovo|JD.com|Meituan|Pinduoduo|\
    PDD|NetEase|Didi|Didi Chuxing|Ant Group|Ant Financial|Moonshot|Zhipu|iFlytek|SenseTime|Megvii|Hikvision|DJI|\
    CATL|Geely|NIO|Nio|Xpeng|Li Auto|Haier|Sinopec|PetroChina|CNOOC|China Mobile|China Telecom|China Unicom|\
    ICBC|Bank of China|China Construction Bank|Agricultural Bank of China|Ping An|Cosco|Shein|Temu|Kuaishou|\
    Bilibili|Weibo|Sina|Sohu|Trip.com|Ctrip|Anta|Oppo|Vivo|Honor|Zeekr|Yangtze Memory|YMTC|Cambricon|Hua Hong|\
    Apple|Microsoft|Google|Alphabet|Amazon|Meta|Facebook|Instagram|WhatsApp|Twitter|X Corp|Netflix|Tesla|SpaceX|\
    OpenAI|Anthropic|xAI|Mistral|Intel|AMD|Qualcomm|Broadcom|Micron|Texas Instruments|Cisco|Oracle|IBM|HP|\
    Hewlett-Packard|Dell|Salesforce|Adobe|Uber|Lyft|Airbnb|PayPal|eBay|Yahoo|Snap|Pinterest|LinkedIn|Zoom|Spotify|\
    TSMC|Taiwan Semiconductor|Samsung|Samsung Electronics|SK Hynix|LG|Hyundai|Kia|Sony|Panasonic|Toshiba|Hitachi|\
    Fujitsu|NEC|Nintendo|SoftBank|Toyota|Honda|Nissan|Mazda|Mitsubishi|Suzuki|Foxconn|Hon Hai|MediaTek|ASML|\
    Philips|Siemens|SAP|Bosch|Volkswagen|BMW|Daimler|Mercedes-Benz|Porsche|Audi|Renault|Peugeot|Stellantis|Fiat|\
    Ferrari|Volvo|Ericsson|Nokia|Airbus|Boeing|Lockheed Martin|Raytheon|General Electric|GE|General Motors|GM|\
    Ford|Chrysler|Exxon|ExxonMobil|Exxon Mobil|Chevron|Shell|Royal Dutch Shell|BP|Total|TotalEnergies|Eni|\
    Gazprom|Rosneft|Lukoil|Saudi Aramco|Aramco|Petrobras|Pemex|Glencore|Rio Tinto|BHP|Vale|ArcelorMittal|\
    Goldman Sachs|Morgan Stanley|JPMorgan|JPMorgan Chase|J.P. Morgan|Citigroup|Citibank|Citi|Bank of America|\
    Wells Fargo|BlackRock|HSBC|Barclays|Lloyds|Standard Chartered|Deutsche Bank|Commerzbank|UBS|Credit Suisse|\
    BNP Paribas|Societe Generale|Santander|Nomura|Mizuho|Visa|Mastercard|American Express|Berkshire Hathaway|\
    Walmart|Wal-Mart|Target|Costco|Home Depot|Nike|Adidas|Coca-Cola|Pepsi|PepsiCo|McDonald's|Starbucks|Nestle|\
    Unilever|Procter & Gamble|Johnson & Johnson|Pfizer|Moderna|Merck|Novartis|Roche|AstraZeneca|GlaxoSmithKline|\
    Sanofi|Bayer|BASF|Disney|Walt Disney|Warner Bros|Comcast|AT&T|Verizon|T-Mobile|Vodafone|Deutsche Telekom|\
    Orange|Telefonica|BT|Reuters|Thomson Reuters|Bloomberg|Associated Press|AP|AFP|Xinhua|CNN|BBC|Fox News|\
    New York Times|Washington Post|Wall Street Journal|Financial Times|The Economist|Dow Jones|Nasdaq|NASDAQ|\
    Nikkei|Moody's|Standard & Poor's|S&P|Fitch|KPMG|Deloitte|PwC|Ernst & Young|McKinsey|Accenture|Infosys|Tata|\
    Reliance|Wipro|Aeroflot|Lufthansa|Air France|British Airways|Delta|United Airlines|American Airlines|\
    Cathay Pacific|Air China|China Eastern|Emirates|Qantas|Ryanair|EasyJet|Maersk|Hutchison|CK Hutchison|\
    Jardine|Swire|HKEX|Lazard|Rothschild|Carlyle|KKR|Blackstone|Temasek|01.AI|Zhipu AI|MiniMax|Baichuan|StepFun
    """

  /// Organizations other than companies: governments, agencies, parties, leagues, exchanges, forums.
  package static let organizations = """
    United Nations|UN|U.N.|NATO|European Union|EU|E.U.|European Commission|European Parliament|\
    European Central Bank|ECB|IMF|International Monetary Fund|World Bank|World Trade Organization|WTO|\
    World Health Organization|WHO|OPEC|ASEAN|G7|G20|G-7|G-20|BRICS|African Union|Arab League|OECD|\
    World Economic Forum|Federal Reserve|Fed|Congress|Senate|House of Representatives|White House|Pentagon|\
    State Department|Department of Commerce|Commerce Department|Treasury|Justice Department|FBI|CIA|NSA|\
    National Security Council|Department of Defense|Defense Department|Securities and Exchange Commission|SEC|\
    FTC|FCC|NASA|Supreme Court|Kremlin|Bundestag|Bundesbank|Bank of England|Bank of Japan|People's Bank of China|\
    PBOC|Communist Party|Chinese Communist Party|CCP|Politburo|State Council|National People's Congress|NPC|\
    Ministry of Commerce|Ministry of Foreign Affairs|Foreign Ministry|Labour Party|Conservative Party|\
    Democratic Party|Republican Party|Hamas|Hezbollah|Taliban|Islamic State|ISIS|Al Qaeda|PLO|IRA|Red Cross|\
    Amnesty International|Greenpeace|FIFA|UEFA|IOC|NBA|NFL|MLB|NHL|Carnegie Endowment|Brookings Institution|\
    Brookings|Heritage Foundation|RAND|Council on Foreign Relations|Harvard|Harvard University|Yale|Stanford|\
    Stanford University|MIT|Oxford|Oxford University|Cambridge University|Tsinghua University|Peking University|\
    Chinese Academy of Sciences|Navy|U.S. Navy|Army|Air Force|Marine Corps|People's Liberation Army|PLA|\
    New York Stock Exchange|NYSE|London Stock Exchange|LSE|Tokyo Stock Exchange|Hong Kong Stock Exchange|\
    Shanghai Stock Exchange|Shenzhen Stock Exchange|Chicago Board of Trade|CBOT|Chicago Mercantile Exchange|CME|\
    Bundesliga|Interpol|Europol|Red Crescent|Medecins Sans Frontieres|UNICEF|UNESCO|UNHCR|CFIUS|\
    U.S. Trade Representative|USTR|Entity List|Commerce|Parliament|Knesset|Duma|Security Council|\
    International Atomic Energy Agency|IAEA|Organization of American States|Mercosur|APEC|SCO|Xinhua News Agency
    """

  /// Well-known people (full names).
  package static let people = """
    Donald Trump|Joe Biden|Barack Obama|George W. Bush|George Bush|Bill Clinton|Hillary Clinton|Kamala Harris|\
    JD Vance|Mike Pence|Ronald Reagan|Richard Nixon|Jimmy Carter|Xi Jinping|Li Qiang|Li Keqiang|Hu Jintao|\
    Jiang Zemin|Deng Xiaoping|Mao Zedong|Wang Yi|Vladimir Putin|Boris Yeltsin|Mikhail Gorbachev|Volodymyr Zelensky|\
    Zelenskiy|Narendra Modi|Shinzo Abe|Fumio Kishida|Kim Jong Un|Kim Jong-un|Moon Jae-in|Yoon Suk Yeol|\
    Tsai Ing-wen|Lai Ching-te|Emmanuel Macron|Angela Merkel|Olaf Scholz|Helmut Kohl|Boris Johnson|Rishi Sunak|\
    Keir Starmer|Theresa May|Tony Blair|Margaret Thatcher|John Major|Justin Trudeau|Benjamin Netanyahu|\
    Recep Tayyip Erdogan|Erdogan|Mohammed bin Salman|Nelson Mandela|Jacques Chirac|Boris Yeltsin|Yasser Arafat|\
    Pope Francis|Elon Musk|Jeff Bezos|Bill Gates|Mark Zuckerberg|Tim Cook|Steve Jobs|Sundar Pichai|\
    Satya Nadella|Jensen Huang|Sam Altman|Dario Amodei|Warren Buffett|Jack Ma|Pony Ma|Ma Huateng|Ren Zhengfei|\
    Liang Wenfeng|Zhang Yiming|Robin Li|Lei Jun|Wang Chuanfu|Lisa Su|Morris Chang|Masayoshi Son|Matt Sheehan|\
    Janet Yellen|Jerome Powell|Alan Greenspan|Christine Lagarde|Marco Rubio|Antony Blinken|Gina Raimondo|\
    Howard Lutnick|Scott Bessent|Jake Sullivan|Henry Kissinger|Nancy Pelosi|Mitch McConnell|Chuck Schumer
    """

  /// Common given names.
  package static let firstNames = """
    James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark|\
    Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Edward|Ronald|Timothy|Jason|Jeffrey|Ryan|Jacob|\
    Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Frank|Gregory|Raymond|\
    Alexander|Patrick|Jack|Dennis|Jerry|Tyler|Aaron|Jose|Henry|Adam|Douglas|Nathan|Peter|Zachary|Kyle|Walter|\
    Harold|Jeremy|Ethan|Carl|Keith|Roger|Gerald|Christian|Terry|Sean|Arthur|Austin|Noah|Lawrence|Jesse|Joe|\
    Bryan|Billy|Jordan|Albert|Dylan|Bruce|Willie|Gabriel|Alan|Juan|Logan|Wayne|Ralph|Roy|Eugene|Randy|Vincent|\
    Russell|Louis|Philip|Bobby|Johnny|Bradley|Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|\
    Sarah|Karen|Nancy|Lisa|Margaret|Betty|Sandra|Ashley|Dorothy|Kimberly|Emily|Donna|Michelle|Carol|Amanda|\
    Melissa|Deborah|Stephanie|Rebecca|Laura|Sharon|Cynthia|Kathleen|Amy|Shirley|Angela|Helen|Anna|Brenda|\
    Pamela|Nicole|Ruth|Katherine|Samantha|Christine|Emma|Catherine|Debra|Virginia|Rachel|Carolyn|Janet|Maria|\
    Heather|Diane|Julie|Joyce|Victoria|Kelly|Christina|Joan|Evelyn|Lauren|Judith|Olivia|Martha|Cheryl|Megan|\
    Andrea|Hannah|Jacqueline|Ann|Jean|Alice|Kathryn|Gloria|Teresa|Doris|Sara|Janice|Julia|Marie|Madison|Grace|\
    Judy|Theresa|Beverly|Denise|Marilyn|Amber|Danielle|Abigail|Brittany|Rose|Diana|Natalie|Sophia|Alexis|Lori|\
    Kayla|Jane|Matt|Mike|Tom|Jim|Bill|Bob|Steve|Dave|Chris|Tony|Nick|Ben|Sam|Alex|Dan|Tim|Greg|Jeff|Ron|Ken|\
    Jean-Claude|Jean-Pierre|Jacques|Pierre|Francois|Michel|Alain|Hans|Klaus|Juergen|Wolfgang|Helmut|Stefan|\
    Carlos|Luis|Jorge|Pedro|Miguel|Antonio|Manuel|Francisco|Javier|Giovanni|Giuseppe|Marco|Paolo|Luca|Sergei|\
    Vladimir|Ivan|Dmitry|Boris|Mikhail|Alexei|Igor|Yuri|Ahmed|Mohammed|Mohamed|Muhammad|Ali|Hassan|Hussein|\
    Omar|Abdul|Ibrahim|Mustafa|Yitzhak|Shimon|Moshe|David|Akira|Hiroshi|Takeshi|Kenji|Wei|Jun|Ming|Hong|Jian|\
    Raj|Rahul|Sanjay|Amit|Vijay|Ravi|Suresh
    """

  /// Splits a `|`-separated list.
  package static func entries(_ list: String) -> [String] {
    list.split(separator: "|").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
  }
}
